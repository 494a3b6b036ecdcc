using Chatalot.Protocol.Voice;

namespace Chatalot.Protocol.Gateway;

/// <summary>
/// Changes this device's own voice flags; the others get <c>voice_state_updated</c>. Answered with
/// <c>request_completed</c> (or an <c>error</c>) when a request id is given. Flag changes count against the gateway's
/// frame rate limit, so clients debounce <see cref="VoiceSelfState.Speaking"/>.
/// </summary>
/// <param name="State">The new flags.</param>
/// <param name="RequestId">Correlates the answer, if wanted.</param>
public sealed record UpdateVoiceStateFrame(VoiceSelfState State, string? RequestId = null) : ClientFrame;
