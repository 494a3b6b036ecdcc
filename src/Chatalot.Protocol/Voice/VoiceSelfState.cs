namespace Chatalot.Protocol.Voice;

/// <summary>The flags a participant sets itself; the others show them (calls.md §2).</summary>
/// <param name="SelfMuted">The microphone is off.</param>
/// <param name="SelfDeafened">The participant hears nothing (implies muted in clients).</param>
/// <param name="Video">The camera is on.</param>
/// <param name="ScreenShare">The participant shares a screen.</param>
/// <param name="Speaking">The participant is speaking now (self-reported, with hysteresis).</param>
public sealed record VoiceSelfState(
    bool SelfMuted = false,
    bool SelfDeafened = false,
    bool Video = false,
    bool ScreenShare = false,
    bool Speaking = false);
