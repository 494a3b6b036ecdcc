using Microsoft.JSInterop;

namespace Chatalot.Samples.Web.Browser;

/// <summary>What wwwroot/js/calls.js reports back to the app.</summary>
public interface ICallMediaEvents
{
    /// <summary>A signal for one peer (<c>offer</c>, <c>answer</c> or <c>candidates</c>, flat as calls.js keeps them).</summary>
    Task SendSignalAsync(Guid joinId, string type, string? sdp, string[]? candidates);

    Task SpeakingChangedAsync(bool speaking);

    void QualityChanged(Guid joinId, string quality);

    Task ScreenShareEndedAsync();

    void DevicesChanged();

    void PushToTalkChanged(bool held);
}

/// <summary>
/// Typed access to wwwroot/js/calls.js, the call media (an ES module, imported on first use). The module calls back
/// through the [JSInvokable] methods here, which hand over to the <see cref="ICallMediaEvents"/> the session set.
/// Arguments cross as strings, booleans and string arrays, so trimming keeps nothing reflection-serialised.
/// </summary>
public sealed class CallInterop(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;
    private DotNetObjectReference<CallInterop>? _self;
    private ICallMediaEvents? _events;

    public async ValueTask InitializeAsync(ICallMediaEvents events)
    {
        _events = events;
        await ModuleAsync();
    }

    /// <summary>Starts local media; returns why the mic could not be opened, or an empty string.</summary>
    public async ValueTask<string> StartAsync(Guid joinId, string iceServersJson, bool relay, bool muted, bool deafened, bool video) =>
        await (await ModuleAsync()).InvokeAsync<string>("start", Id(joinId), iceServersJson, relay, muted, deafened, video);

    public async ValueTask RejoinAsync(Guid joinId) => await (await ModuleAsync()).InvokeVoidAsync("rejoin", Id(joinId));

    public async ValueTask StopAsync() => await (await ModuleAsync()).InvokeVoidAsync("stop");

    public async ValueTask ConnectAsync(Guid joinId, bool offer) => await (await ModuleAsync()).InvokeVoidAsync("connect", Id(joinId), offer);

    public async ValueTask DisconnectAsync(Guid joinId) => await (await ModuleAsync()).InvokeVoidAsync("disconnect", Id(joinId));

    public async ValueTask SignalAsync(Guid fromJoinId, string type, string? sdp, string[]? candidates) =>
        await (await ModuleAsync()).InvokeVoidAsync("signal", Id(fromJoinId), type, sdp, candidates);

    public async ValueTask SetMutedAsync(bool muted) => await (await ModuleAsync()).InvokeVoidAsync("setMuted", muted);

    public async ValueTask SetDeafenedAsync(bool deafened) => await (await ModuleAsync()).InvokeVoidAsync("setDeafened", deafened);

    /// <summary>False when the camera could not be opened.</summary>
    public async ValueTask<bool> SetCameraAsync(bool on) => await (await ModuleAsync()).InvokeAsync<bool>("setCamera", on);

    /// <summary>False when the user cancelled the browser's picker.</summary>
    public async ValueTask<bool> StartScreenShareAsync() => await (await ModuleAsync()).InvokeAsync<bool>("startScreenShare");

    public async ValueTask StopScreenShareAsync() => await (await ModuleAsync()).InvokeVoidAsync("stopScreenShare");

    public async ValueTask SetProcessingAsync(bool noiseSuppression, bool echoCancellation, bool autoGainControl) =>
        await (await ModuleAsync()).InvokeVoidAsync("setProcessing", noiseSuppression, echoCancellation, autoGainControl);

    public async ValueTask SetInputDeviceAsync(string deviceId) => await (await ModuleAsync()).InvokeVoidAsync("setInputDevice", deviceId);

    public async ValueTask SetCameraDeviceAsync(string deviceId) => await (await ModuleAsync()).InvokeVoidAsync("setCameraDevice", deviceId);

    public async ValueTask SetOutputDeviceAsync(string deviceId) => await (await ModuleAsync()).InvokeVoidAsync("setOutputDevice", deviceId);

    public async ValueTask<bool> CanPickOutputAsync() => await (await ModuleAsync()).InvokeAsync<bool>("canPickOutput");

    /// <summary>The media devices as (kind, id, label): kind is audioinput, audiooutput or videoinput.</summary>
    public async ValueTask<IReadOnlyList<(string Kind, string Id, string Label)>> ListDevicesAsync()
    {
        var flat = await (await ModuleAsync()).InvokeAsync<string[]>("listDevices");
        var devices = new List<(string, string, string)>();
        for (var i = 0; i + 2 < flat.Length; i += 3)
        {
            devices.Add((flat[i], flat[i + 1], flat[i + 2]));
        }

        return devices;
    }

    public async ValueTask SetPushToTalkAsync(bool enabled, string key) => await (await ModuleAsync()).InvokeVoidAsync("setPushToTalk", enabled, key);

    /// <summary>The KeyboardEvent.code of the next key pressed, or an empty string for Escape.</summary>
    public async ValueTask<string> CaptureKeyAsync() => await (await ModuleAsync()).InvokeAsync<string>("captureKey", CancellationToken.None);

    public async ValueTask BindMediaAsync() => await (await ModuleAsync()).InvokeVoidAsync("bindMedia");

    [JSInvokable]
    public Task SendSignal(string joinId, string type, string? sdp, string[]? candidates) =>
        _events?.SendSignalAsync(Guid.Parse(joinId), type, sdp, candidates) ?? Task.CompletedTask;

    [JSInvokable]
    public Task OnSpeaking(bool speaking) => _events?.SpeakingChangedAsync(speaking) ?? Task.CompletedTask;

    [JSInvokable]
    public void OnQuality(string joinId, string quality) => _events?.QualityChanged(Guid.Parse(joinId), quality);

    [JSInvokable]
    public Task OnScreenShareEnded() => _events?.ScreenShareEndedAsync() ?? Task.CompletedTask;

    [JSInvokable]
    public void OnDevicesChanged() => _events?.DevicesChanged();

    [JSInvokable]
    public void OnPushToTalk(bool held) => _events?.PushToTalkChanged(held);

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }

        _self?.Dispose();
    }

    // Join ids cross as lower-case "D" strings, the form calls.js compares for politeness (calls.md §3).
    private static string Id(Guid joinId) => joinId.ToString("D");

    private async ValueTask<IJSObjectReference> ModuleAsync()
    {
        if (_module is null)
        {
            _module = await js.InvokeAsync<IJSObjectReference>("import", "./js/calls.js");
            _self = DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("init", _self);
        }

        return _module;
    }
}
