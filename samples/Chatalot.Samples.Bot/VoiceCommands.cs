using Chatalot.Client;
using Chatalot.Client.Commands;

namespace Chatalot.Samples.Bot;

/// <summary>
/// Call commands: a bot handles no media, but it sees who is in the community's voice channels and can manage them
/// with the moderator permissions its role grants (client.md, "Calls").
/// </summary>
public sealed class VoiceCommands : CommandModule
{
    [Command("voice", Description = "Lists who is in this community's voice channels.")]
    public async Task<string> WhoIsInVoiceAsync(CancellationToken cancellationToken)
    {
        var channel = await Context.Client.Rest.GetChannelAsync(Context.Message.ChannelId, cancellationToken);
        if (channel.CommunityId is not { } community)
        {
            return "Voice channels belong to communities; ask me in one of its channels.";
        }

        var states = await Context.Client.Voice.GetCommunityStatesAsync(new CommunityId(community), cancellationToken);
        if (states.Count == 0)
        {
            return "Nobody is in a voice channel.";
        }

        var lines = new List<string>();
        foreach (var state in states)
        {
            var name = (await Context.Client.Directory.GetChannelAsync(new ChannelId(state.ChannelId), cancellationToken))?.Name ?? "a voice channel";
            var people = new List<string>();
            foreach (var participant in state.Participants)
            {
                var user = await Context.Client.Directory.GetUserAsync(new UserId(participant.UserId), cancellationToken);
                var flags = (participant.State.SelfMuted || participant.ServerMuted ? " (muted)" : string.Empty) + (participant.State.Video ? " (camera)" : string.Empty) + (participant.State.ScreenShare ? " (sharing)" : string.Empty);
                people.Add((user?.DisplayName ?? "someone") + flags);
            }

            lines.Add($"#{name}: {string.Join(", ", people)}");
        }

        return string.Join('\n', lines);
    }
}
