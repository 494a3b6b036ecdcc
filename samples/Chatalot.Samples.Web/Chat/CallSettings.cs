namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// This browser's call settings (kept in local storage, never sent): the devices, the mic's processing, push-to-talk and
/// "Always relay calls" (ICE transport policy <c>relay</c>: the peers see only the TURN server's address, calls.md §5).
/// </summary>
public sealed record CallSettings
{
    public string AudioInput { get; init; } = "";

    public string AudioOutput { get; init; } = "";

    public string VideoInput { get; init; } = "";

    public bool NoiseSuppression { get; init; } = true;

    public bool EchoCancellation { get; init; } = true;

    public bool AutoGainControl { get; init; } = true;

    public bool PushToTalk { get; init; }

    /// <summary>A KeyboardEvent.code, such as "Space" or "F8".</summary>
    public string PushToTalkKey { get; init; } = "Backquote";

    public bool AlwaysRelay { get; init; }
}
