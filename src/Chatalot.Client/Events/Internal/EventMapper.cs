using Chatalot.Client.Messages.Internal;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Gateway;
using WireMessage = Chatalot.Protocol.Messages.Message;

namespace Chatalot.Client.Events.Internal;

/// <summary>Turns server events and decrypted messages into the public events of <see cref="EventHub"/>.</summary>
internal sealed class EventMapper(TimeProvider time)
{
    /// <summary>The public events a server event stands for by itself (not messages, which are decrypted first).</summary>
    public IEnumerable<ChatalotEvent>? Map(ServerEvent serverEvent) => serverEvent switch
    {
        TypingStartedEvent typing => [new TypingStarted
        {
            ChannelId = new ChannelId(typing.ChannelId),
            UserId = new UserId(typing.UserId),
            ExpiresAt = typing.ExpiresAt,
            ReceivedAt = time.GetUtcNow(),
        }],
        PresenceUpdatedEvent presence => [Presence(presence.UserId, presence.Status, presence.CustomStatus, presence.CustomStatusExpiresAt)],
        PresenceSnapshotEvent snapshot => snapshot.Users.Select(u => Presence(u.UserId, u.Status, u.CustomStatus, u.CustomStatusExpiresAt)),
        UserUpdatedEvent user => [new ProfileUpdated { Profile = user.Profile, ReceivedAt = time.GetUtcNow() }],
        CustomEmojiUpdatedEvent emoji => [new CustomEmojiUpdated { CommunityId = new CommunityId(emoji.CommunityId), Emoji = emoji.Emoji, ReceivedAt = time.GetUtcNow() }],
        ServerUpdatedEvent server => [new ServerUpdated { Server = server.Server, ReceivedAt = time.GetUtcNow() }],
        InvitedToCommunityEvent invited => [new InvitedToCommunity { Invite = invited.Invite, ReceivedAt = time.GetUtcNow() }],
        InviteWithdrawnEvent withdrawn => [new InviteWithdrawn { InviteId = withdrawn.InviteId, CommunityId = new CommunityId(withdrawn.CommunityId), ReceivedAt = time.GetUtcNow() }],
        MemberJoinedEvent joined => [new MemberJoined
        {
            CommunityId = new CommunityId(joined.CommunityId),
            GroupId = joined.GroupId is { } g ? new GroupId(g) : null,
            UserId = new UserId(joined.UserId),
            ReceivedAt = time.GetUtcNow(),
        }],
        MemberRemovedEvent removed => [new MemberRemoved
        {
            CommunityId = new CommunityId(removed.CommunityId),
            GroupId = removed.GroupId is { } g ? new GroupId(g) : null,
            UserId = new UserId(removed.UserId),
            Reason = removed.Reason,
            ReceivedAt = time.GetUtcNow(),
        }],
        MemberUpdatedEvent member => [new MemberUpdated
        {
            CommunityId = new CommunityId(member.CommunityId),
            UserId = new UserId(member.Member.UserId),
            Member = member.Member,
            ReceivedAt = time.GetUtcNow(),
        }],
        RolesUpdatedEvent roles => [new RolesUpdated { CommunityId = new CommunityId(roles.CommunityId), Roles = roles.Roles, ReceivedAt = time.GetUtcNow() }],
        OverridesUpdatedEvent overrides => [new OverridesUpdated
        {
            CommunityId = new CommunityId(overrides.CommunityId),
            GroupId = overrides.GroupId is { } g ? new GroupId(g) : null,
            ChannelId = overrides.ChannelId is { } c ? new ChannelId(c) : null,
            Overrides = overrides.Overrides,
            ReceivedAt = time.GetUtcNow(),
        }],
        ThreadUpdatedEvent thread => [new ThreadUpdated
        {
            ChannelId = new ChannelId(thread.ChannelId),
            RootId = new MessageId(thread.RootId),
            ReplyCount = thread.ReplyCount,
            LastReplyAt = thread.LastReplyAt,
            ReceivedAt = time.GetUtcNow(),
        }],
        MessagePinnedEvent pinned => [new MessagePinned
        {
            ChannelId = new ChannelId(pinned.ChannelId),
            MessageId = new MessageId(pinned.MessageId),
            PinnedBy = new UserId(pinned.PinnedBy),
            PinnedAt = pinned.PinnedAt,
            ReceivedAt = time.GetUtcNow(),
        }],
        MessageUnpinnedEvent unpinned => [new MessageUnpinned
        {
            ChannelId = new ChannelId(unpinned.ChannelId),
            MessageId = new MessageId(unpinned.MessageId),
            ReceivedAt = time.GetUtcNow(),
        }],
        ReadStateUpdatedEvent read => [new ReadStateUpdated
        {
            ChannelId = new ChannelId(read.ChannelId),
            LastReadMessageId = new MessageId(read.LastReadMessageId),
            ReceivedAt = time.GetUtcNow(),
        }],
        ChannelCreatedEvent created => [new ChannelCreated { Channel = created.Channel, ReceivedAt = time.GetUtcNow() }],
        ChannelUpdatedEvent updated => [new ChannelUpdated { Channel = updated.Channel, ReceivedAt = time.GetUtcNow() }],
        ChannelDeletedEvent deleted => [new ChannelDeleted
        {
            ChannelId = new ChannelId(deleted.ChannelId),
            GroupId = deleted.GroupId is { } g ? new GroupId(g) : null,
            ReceivedAt = time.GetUtcNow(),
        }],
        GroupUpdatedEvent group => [new GroupUpdated { Group = group.Group, ReceivedAt = time.GetUtcNow() }],
        GroupDeletedEvent group => [new GroupDeleted
        {
            CommunityId = new CommunityId(group.CommunityId),
            GroupId = new GroupId(group.GroupId),
            ReceivedAt = time.GetUtcNow(),
        }],
        CommunityUpdatedEvent community => [new CommunityUpdated { Community = community.Community, ReceivedAt = time.GetUtcNow() }],
        CommunityDeletedEvent community => [new CommunityDeleted { CommunityId = new CommunityId(community.CommunityId), ReceivedAt = time.GetUtcNow() }],
        _ => null,
    };

    public MessageDeleted ServerDeleted(MessageDeletedEvent deleted) => new()
    {
        ChannelId = new ChannelId(deleted.ChannelId),
        MessageId = new MessageId(deleted.MessageId),
        ReceivedAt = time.GetUtcNow(),
    };

    /// <summary>The event for a decrypted (or undecryptable) message; null when there is nothing to show.</summary>
    public ChatalotEvent? FromOutcome(WireMessage message, DecryptOutcome outcome, bool isEdit, bool catchUp)
    {
        var channel = new ChannelId(message.ChannelId);
        var direct = message.Envelope?.Devices is not null;
        switch (outcome)
        {
            case DecryptOutcome.Decrypted { Content: var content, Trust: var trust, Plaintext: var plaintext }:
                var sender = new MessageSender(new UserId(content.Sender!.UserId), new DeviceId(content.Sender.DeviceId));
                if (isEdit)
                {
                    return new MessageEdited
                    {
                        MessageId = new MessageId(message.Id),
                        ChannelId = channel,
                        Sender = sender,
                        Text = content.Text ?? string.Empty,
                        Content = content,
                        SentAt = message.CreatedAt,
                        EditedAt = message.EditedAt ?? time.GetUtcNow(),
                        Trust = trust,
                        IsDirect = direct,
                        ReceivedAt = time.GetUtcNow(),
                        FrankingPlaintext = plaintext,
                    };
                }

                if (content.Kind == ContentKind.Delete)
                {
                    return new MessageDeleted
                    {
                        ChannelId = channel,
                        MessageId = new MessageId(content.Target!.MessageId),
                        IsAuthenticated = true,
                        DeletedBy = sender.UserId,
                        ReceivedAt = time.GetUtcNow(),
                    };
                }

                return new MessageReceived
                {
                    MessageId = new MessageId(message.Id),
                    ChannelId = channel,
                    Sender = sender,
                    Text = content.Text ?? string.Empty,
                    Content = content,
                    SentAt = message.CreatedAt,
                    Trust = trust,
                    IsDirect = direct,
                    IsCatchUp = catchUp,
                    ReceivedAt = time.GetUtcNow(),
                    FrankingPlaintext = plaintext,
                };
            case DecryptOutcome.Failed failed:
                return new MessageUndecryptable
                {
                    MessageId = new MessageId(message.Id),
                    ChannelId = channel,
                    ClaimedSenderUserId = new UserId(message.SenderId),
                    ClaimedSenderDeviceId = new DeviceId(message.SenderDeviceId),
                    Reason = failed.Reason,
                    ErrorCode = failed.Code,
                    SentAt = message.CreatedAt,
                    EditedAt = isEdit ? message.EditedAt ?? time.GetUtcNow() : null,
                    ReceivedAt = time.GetUtcNow(),
                };
            default:
                return null;
        }
    }

    private PresenceChanged Presence(Guid user, PresenceStatus status, string? customStatus, DateTimeOffset? customStatusExpiresAt) => new()
    {
        UserId = new UserId(user),
        Status = status,
        CustomStatus = customStatus,
        CustomStatusExpiresAt = customStatusExpiresAt,
        ReceivedAt = time.GetUtcNow(),
    };

}
