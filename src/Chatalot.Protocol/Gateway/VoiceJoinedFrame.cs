using Chatalot.Protocol.Voice;

namespace Chatalot.Protocol.Gateway;

/// <summary>Answers <c>join_voice</c>: this device's join and everyone in the channel now, itself included.</summary>
/// <param name="RequestId">The request answered.</param>
/// <param name="JoinId">This device's join id.</param>
/// <param name="State">The channel's participants.</param>
public sealed record VoiceJoinedFrame(string RequestId, Guid JoinId, VoiceChannelState State) : ServerFrame;
