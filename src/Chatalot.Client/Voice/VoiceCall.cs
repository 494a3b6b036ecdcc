using Chatalot.Protocol.Voice;

namespace Chatalot.Client.Voice;

/// <summary>This device's place in a call (<see cref="VoiceClient.Current"/>).</summary>
/// <param name="ChannelId">The voice channel or DM.</param>
/// <param name="JoinId">This device's join; signalling names it.</param>
/// <param name="State">The flags this device set.</param>
public sealed record VoiceCall(ChannelId ChannelId, Guid JoinId, VoiceSelfState State);
