using Chatalot.Protocol.Voice;

namespace Chatalot.Protocol.Gateway;

/// <summary>
/// Changes this device's own voice flags; the others get <c>voice_state_updated</c>. Flag changes are limited by the
/// gateway's frame rate limit, so clients debounce <see cref="VoiceSelfState.Speaking"/>.
/// </summary>
/// <param name="State">The new flags.</param>
public sealed record UpdateVoiceStateFrame(VoiceSelfState State) : ClientFrame;
