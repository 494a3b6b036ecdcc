using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Gateway;

/// <summary>
/// A frame the server sends over the gateway, tagged by <c>type</c>. Frames deriving from
/// <see cref="ServerEvent"/> carry a sequence number and can be replayed on resume; the others are replies.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(HelloFrame), "hello")]
[JsonDerivedType(typeof(ReadyFrame), "ready")]
[JsonDerivedType(typeof(ResumedFrame), "resumed")]
[JsonDerivedType(typeof(InvalidSessionFrame), "invalid_session")]
[JsonDerivedType(typeof(HeartbeatAckFrame), "heartbeat_ack")]
[JsonDerivedType(typeof(ErrorFrame), "error")]
[JsonDerivedType(typeof(SubscribedFrame), "subscribed")]
[JsonDerivedType(typeof(UnsubscribedFrame), "unsubscribed")]
[JsonDerivedType(typeof(MessageSentFrame), "message_sent")]
[JsonDerivedType(typeof(RequestCompletedFrame), "request_completed")]
[JsonDerivedType(typeof(ToDeviceSentFrame), "to_device_sent")]
[JsonDerivedType(typeof(MessageCreatedEvent), "message_created")]
[JsonDerivedType(typeof(MessageUpdatedEvent), "message_updated")]
[JsonDerivedType(typeof(MessageDeletedEvent), "message_deleted")]
[JsonDerivedType(typeof(ThreadUpdatedEvent), "thread_updated")]
[JsonDerivedType(typeof(MessagePinnedEvent), "message_pinned")]
[JsonDerivedType(typeof(MessageUnpinnedEvent), "message_unpinned")]
[JsonDerivedType(typeof(ReadStateUpdatedEvent), "read_state_updated")]
[JsonDerivedType(typeof(ChannelCreatedEvent), "channel_created")]
[JsonDerivedType(typeof(ChannelUpdatedEvent), "channel_updated")]
[JsonDerivedType(typeof(ChannelDeletedEvent), "channel_deleted")]
[JsonDerivedType(typeof(GroupUpdatedEvent), "group_updated")]
[JsonDerivedType(typeof(GroupDeletedEvent), "group_deleted")]
[JsonDerivedType(typeof(CommunityUpdatedEvent), "community_updated")]
[JsonDerivedType(typeof(CommunityDeletedEvent), "community_deleted")]
[JsonDerivedType(typeof(MemberJoinedEvent), "member_joined")]
[JsonDerivedType(typeof(MemberRemovedEvent), "member_removed")]
[JsonDerivedType(typeof(SubscriptionRevokedEvent), "subscription_revoked")]
[JsonDerivedType(typeof(TypingStartedEvent), "typing_started")]
[JsonDerivedType(typeof(PresenceUpdatedEvent), "presence_updated")]
[JsonDerivedType(typeof(PresenceSnapshotEvent), "presence_snapshot")]
[JsonDerivedType(typeof(ToDeviceEvent), "to_device")]
[JsonDerivedType(typeof(PrekeysLowEvent), "prekeys_low")]
[JsonDerivedType(typeof(UserUpdatedEvent), "user_updated")]
[JsonDerivedType(typeof(CustomEmojiUpdatedEvent), "emoji_updated")]
[JsonDerivedType(typeof(RolesUpdatedEvent), "roles_updated")]
[JsonDerivedType(typeof(MemberUpdatedEvent), "member_updated")]
[JsonDerivedType(typeof(OverridesUpdatedEvent), "overrides_updated")]
public abstract record ServerFrame;
