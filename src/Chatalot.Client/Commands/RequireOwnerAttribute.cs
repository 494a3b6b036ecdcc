namespace Chatalot.Client.Commands;

/// <summary>
/// Only the bot's owners may run the command: the users listed in <see cref="CommandContext.OwnerIds"/> (a hosted bot
/// fills it from <c>ChatalotBotOptions.OwnerIds</c>) and, in a community channel, the community's owner.
/// </summary>
/// <remarks>The community owner is read from the server (the channel, then its community) when the list does not already match.</remarks>
public sealed class RequireOwnerAttribute : PreconditionAttribute
{
    /// <inheritdoc />
    public override async ValueTask<PreconditionResult> CheckAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.Message.Sender.UserId;
        if (context.OwnerIds.Contains(user))
        {
            return PreconditionResult.Success;
        }

        if (!context.Message.IsDirect)
        {
            var channel = await context.Client.Rest.GetChannelAsync(context.Message.ChannelId, context.CancellationToken).ConfigureAwait(false);
            if (channel.CommunityId is { } communityId)
            {
                var community = await context.Client.Rest.GetCommunityAsync(new CommunityId(communityId), context.CancellationToken).ConfigureAwait(false);
                if (community.OwnerId == user.Value)
                {
                    return PreconditionResult.Success;
                }
            }
        }

        return PreconditionResult.Fail(ErrorMessage ?? "Only the bot's owner can use this command.");
    }
}
