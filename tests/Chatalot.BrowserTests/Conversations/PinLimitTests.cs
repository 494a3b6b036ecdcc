using Chatalot.BrowserTests.Infrastructure;
using Chatalot.Client;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using static Chatalot.BrowserTests.Conversations.MessageSteps;
using static Microsoft.Playwright.Assertions;

namespace Chatalot.BrowserTests.Conversations;

/// <summary>A moderator (not the owner) pins from the browser; a 51st pin is refused by the server and said so clearly.</summary>
[Collection(SecondBrowserCollection.Name)]
public sealed class PinLimitTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AModerator_PinningInAChannelWith50Pins_IsToldItIsFull()
    {
        // An SDK bot owns the community and fills #general's 50 pins before anyone else arrives.
        await using var bot = new ChatalotClient(new ChatalotClientOptions
        {
            ServerUrl = fixture.Server.BaseUrl,
            Username = "pin-bot",
            Password = "password-1234",
            RegisterIfMissing = true,
        });
        await bot.ConnectAsync(CancellationToken.None);
        var community = await bot.Rest.CreateCommunityAsync(new CreateCommunityRequest("Pin Limit"), CancellationToken.None);
        var communityId = new CommunityId(community.Id);
        var groups = await bot.Rest.GetGroupsAsync(communityId, CancellationToken.None);
        var group = groups.Count > 0 ? groups[0] : await bot.Rest.CreateGroupAsync(communityId, new CreateGroupRequest("General"), CancellationToken.None);
        var channels = await bot.Rest.GetGroupChannelsAsync(new GroupId(group.Id), CancellationToken.None);
        var channel = new ChannelId((channels.Count > 0 ? channels[0] : await bot.Rest.CreateChannelAsync(new GroupId(group.Id), new CreateChannelRequest("general"), CancellationToken.None)).Id);
        for (var i = 0; i < 50; i++)
        {
            var sent = await bot.SendAsync(channel, $"rule {i:D2}", CancellationToken.None);
            await bot.Conversations.PinAsync(channel, sent.MessageId, CancellationToken.None);
        }

        var invite = await bot.Rest.CreateCommunityInviteAsync(communityId, cancellationToken: CancellationToken.None);

        // Mona joins, is made a moderator, and comes back (the role is read with the directory).
        var mona = await fixture.NewPageAsync();
        await ChatPage.RegisterAsync(mona, "mona");
        await mona.GotoAsync("/invite/" + invite.Code);
        await ChatPage.UnlockAsync(mona);
        await Expect(mona.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 90_000 });
        var monaId = (await bot.Rest.GetCommunityMembersAsync(communityId, limit: 200, cancellationToken: CancellationToken.None)).Members.Single(m => m.DisplayName == "mona").UserId;
        await bot.Rest.SetCommunityMemberRoleAsync(communityId, new UserId(monaId), CommunityRole.Moderator, CancellationToken.None);
        await mona.ReloadAsync();
        await ChatPage.UnlockAsync(mona);
        await Expect(mona.GetByTestId("channel-title")).ToHaveTextAsync("#general", new() { Timeout = 60_000 });

        await bot.SendAsync(channel, "rule fifty-one", CancellationToken.None);
        var message = InChannel(mona, "rule fifty-one");
        await Expect(message).ToBeVisibleAsync(Slow);
        await mona.GetByTestId("open-pins").ClickAsync();
        await Expect(mona.GetByTestId("pin-entry")).ToHaveCountAsync(50, new() { Timeout = 30_000 });

        await ActAsync(message, "pin");
        await Expect(message.GetByTestId("message-error")).ToHaveTextAsync("This channel already has 50 pinned messages: unpin one first.");
        await Expect(message.GetByTestId("pin")).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(mona.GetByTestId("pin-entry")).ToHaveCountAsync(50);
        await mona.Context.CloseAsync();
    }
}
