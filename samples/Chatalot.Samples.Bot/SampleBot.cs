using Chatalot.Client;
using Chatalot.Client.Bots;
using Chatalot.Protocol.Channels;
using Microsoft.Extensions.Logging;

namespace Chatalot.Samples.Bot;

/// <summary>Greets new members in a group's first text channel and answers "hello" to anyone who greets it.</summary>
public sealed partial class SampleBot(ChatalotClient chatalot, ILogger<SampleBot> logger) : ChatalotBot
{
    public override ValueTask OnConnectedAsync(IChatalotClient client, CancellationToken cancellationToken)
    {
        LogConnected(logger, client.CurrentUserId, client.CurrentDeviceId);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask OnMemberJoinedAsync(IChatalotClient client, MemberJoined member, CancellationToken cancellationToken)
    {
        if (member.UserId == client.CurrentUserId)
        {
            return;
        }

        // A group join greets in that group; a community join greets in the community's first group.
        var group = member.GroupId;
        if (group is null && (await chatalot.Rest.GetGroupsAsync(member.CommunityId, cancellationToken)).FirstOrDefault() is { } first)
        {
            group = new GroupId(first.Id);
        }

        if (group is null)
        {
            return;
        }

        var channels = await chatalot.Rest.GetGroupChannelsAsync(group.Value, cancellationToken);
        if (channels.FirstOrDefault(c => c.Type == ChannelType.Text) is { } channel)
        {
            var user = await chatalot.Rest.GetUserAsync(member.UserId, cancellationToken);
            await client.SendAsync(new ChannelId(channel.Id), $"Welcome, {user.DisplayName}! Type !help to see what I can do.", cancellationToken);
        }
    }

    public override async ValueTask OnMessageAsync(IChatalotClient client, MessageReceived message, CancellationToken cancellationToken)
    {
        if (message.Text.StartsWith("hello", StringComparison.OrdinalIgnoreCase))
        {
            await client.SendAsync(message.ChannelId, "Hello! 👋", cancellationToken);
        }
    }

    public override ValueTask OnUndecryptableAsync(IChatalotClient client, MessageUndecryptable message, CancellationToken cancellationToken)
    {
        LogUndecryptable(logger, message.MessageId, message.Reason);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected as user {UserId}, device {DeviceId}")]
    private static partial void LogConnected(ILogger logger, UserId? userId, DeviceId? deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not decrypt message {MessageId}: {Reason}")]
    private static partial void LogUndecryptable(ILogger logger, MessageId messageId, UndecryptableReason reason);
}
