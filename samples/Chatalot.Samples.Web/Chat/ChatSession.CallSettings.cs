using System.Text.Json;

namespace Chatalot.Samples.Web.Chat;

/// <summary>This browser's call settings (<see cref="Chat.CallSettings"/>): kept in local storage and applied to live media at once.</summary>
public sealed partial class ChatSession
{
    private const string CallSettingsKey = "chatalot.calls.settings";

    public CallSettings CallSettings { get; private set; } = new();

    /// <summary>The media devices for the settings' pickers, as (kind, id, label).</summary>
    public ValueTask<IReadOnlyList<(string Kind, string Id, string Label)>> ListMediaDevicesAsync() => calls.ListDevicesAsync();

    public ValueTask<bool> CanPickAudioOutputAsync() => calls.CanPickOutputAsync();

    /// <summary>The KeyboardEvent.code of the next key pressed (Escape gives an empty string).</summary>
    public ValueTask<string> CaptureKeyAsync() => calls.CaptureKeyAsync();

    public async Task SaveCallSettingsAsync(CallSettings settings)
    {
        var before = CallSettings;
        CallSettings = settings;
        await browser.StorageSetAsync(CallSettingsKey, JsonSerializer.Serialize(settings, WebJsonContext.Default.CallSettings));
        if (settings.AudioInput != before.AudioInput)
        {
            await calls.SetInputDeviceAsync(settings.AudioInput);
        }

        if (settings.VideoInput != before.VideoInput)
        {
            await calls.SetCameraDeviceAsync(settings.VideoInput);
        }

        if (settings.AudioOutput != before.AudioOutput)
        {
            await calls.SetOutputDeviceAsync(settings.AudioOutput);
        }

        if (settings.NoiseSuppression != before.NoiseSuppression || settings.EchoCancellation != before.EchoCancellation || settings.AutoGainControl != before.AutoGainControl)
        {
            await calls.SetProcessingAsync(settings.NoiseSuppression, settings.EchoCancellation, settings.AutoGainControl);
        }

        if (settings.PushToTalk != before.PushToTalk || settings.PushToTalkKey != before.PushToTalkKey)
        {
            await calls.SetPushToTalkAsync(settings.PushToTalk, settings.PushToTalkKey);
        }

        // "Always relay calls" applies from the next call: the connections of this one keep their transport.
        Notify();
    }

    private async Task LoadCallSettingsAsync()
    {
        try
        {
            if (await browser.StorageGetAsync(CallSettingsKey) is { Length: > 0 } json)
            {
                CallSettings = JsonSerializer.Deserialize(json, WebJsonContext.Default.CallSettings) ?? new();
            }
        }
        catch (JsonException)
        {
            CallSettings = new();
        }

        await calls.SetInputDeviceAsync(CallSettings.AudioInput);
        await calls.SetCameraDeviceAsync(CallSettings.VideoInput);
        await calls.SetOutputDeviceAsync(CallSettings.AudioOutput);
        await calls.SetProcessingAsync(CallSettings.NoiseSuppression, CallSettings.EchoCancellation, CallSettings.AutoGainControl);
    }
}
