using Chatalot.Protocol.Voice;

namespace Chatalot.Protocol.Gateway;

/// <summary>
/// Joins a voice channel or a DM call from this connection's device; answered with <c>voice_joined</c> or an
/// <c>error</c> with the same request id. Joining leaves the user's previous voice channel.
/// </summary>
/// <param name="RequestId">Correlates the answer.</param>
/// <param name="ChannelId">A voice channel or a DM.</param>
/// <param name="State">The starting flags (muted, camera...).</param>
/// <param name="ResumeJoinId">
/// The join this device held before its connection dropped: if it is still within the grace period, the join (and the
/// peers' connections to it) carries on under the same id instead of starting over.
/// </param>
public sealed record JoinVoiceFrame(string RequestId, Guid ChannelId, VoiceSelfState? State = null, Guid? ResumeJoinId = null) : ClientFrame;
