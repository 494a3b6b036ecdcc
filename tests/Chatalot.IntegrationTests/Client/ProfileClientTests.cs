using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.IntegrationTests.Server;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;

namespace Chatalot.IntegrationTests.Client;

/// <summary>Profiles, status and custom emoji through the SDK: one real client's changes reach another as typed events (issue 13).</summary>
public sealed class ProfileClientTests : IAsyncLifetime
{
    private ClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await ClientHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task ProfileAndStatusChanges_ReachTheOtherClient_AsEvents()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        await ClientHarness.SetUpGroupAsync(alice, bob);

        await alice.Client.Profiles.UpdateAsync(displayName: "Alice A.", bio: "Hello there", pronouns: "she/her");
        var updated = await bob.ExpectAsync<ProfileUpdated>(e => e.UserId == alice.Id && e.Profile.Bio == "Hello there");
        Assert.Equal(("Alice A.", "she/her"), (updated.Profile.DisplayName, updated.Profile.Pronouns));

        var withAvatar = await alice.Client.Profiles.SetAvatarAsync(new MemoryStream(ProfileConformanceTests.Png), "image/png");
        await bob.ExpectAsync<ProfileUpdated>(e => e.UserId == alice.Id && e.Profile.AvatarId == withAvatar.AvatarId);
        var avatar = await bob.Client.Profiles.GetAvatarAsync(alice.Id);
        Assert.Equal("image/png", avatar.MediaType);
        using (var stream = avatar.OpenRead())
        using (var copy = new MemoryStream())
        {
            await stream.CopyToAsync(copy);
            Assert.Equal(ProfileConformanceTests.Png, copy.ToArray());
        }

        await alice.Client.Profiles.SetStatusAsync(PresenceStatus.Dnd, "Focusing");
        var presence = await bob.ExpectAsync<PresenceChanged>(e => e.UserId == alice.Id && e.Status == PresenceStatus.Dnd);
        Assert.Equal("Focusing", presence.CustomStatus);
        Assert.Equal("Focusing", (await alice.Client.Profiles.GetStatusAsync()).CustomText);
        var card = await bob.Client.Profiles.GetAsync(alice.Id);
        Assert.Equal((PresenceStatus.Dnd, "Focusing", "Hello there"), (card.Status, card.CustomStatus, card.Bio));

        // Checked in the client before anything is sent.
        var forged = await Assert.ThrowsAsync<ChatalotClientException>(() => alice.Client.Profiles.SetBannerAsync(new MemoryStream("<html>"u8.ToArray()), "image/png"));
        Assert.Equal(ErrorCodes.MediaTypeMismatch, forged.Code);
        var unsupported = await Assert.ThrowsAsync<ChatalotClientException>(() => alice.Client.Profiles.SetBannerAsync(new MemoryStream(ProfileConformanceTests.Png), "image/svg+xml"));
        Assert.Equal(ErrorCodes.UnsupportedMediaType, unsupported.Code);
        Assert.Null((await bob.Client.Profiles.GetAsync(alice.Id)).BannerId);
    }

    [Fact]
    public async Task CustomEmoji_UploadReachesTheOtherClientsCache_AndResolves()
    {
        var alice = await _harness.CreateAsync("alice");
        var bob = await _harness.CreateAsync("bob");
        var space = await ClientHarness.SetUpGroupAsync(alice, bob);
        Assert.Empty(await bob.Client.Emoji.ListAsync(space.Community));
        Assert.Null(bob.Client.Emoji.Resolve(space.Community, ":blobcat:"));

        var blobcat = await alice.Client.Emoji.UploadAsync(space.Community, ":blobcat:", new MemoryStream(ProfileConformanceTests.Png), "image/png");
        var evt = await bob.ExpectAsync<CustomEmojiUpdated>(e => e.CommunityId == space.Community && e.Emoji.Count == 1);
        Assert.Equal(blobcat, evt.Emoji[0]);
        Assert.Equal(blobcat, bob.Client.Emoji.Resolve(space.Community, ":blobcat:"));
        Assert.Null(bob.Client.Emoji.Resolve(null, ":blobcat:"));
        Assert.Equal([blobcat], bob.Client.Emoji.Cached(space.Community));
        var suggestion = Assert.Single(bob.Client.Emoji.Find(space.Community, "blob"), e => e.Custom is not null);
        Assert.Equal(":blobcat:", suggestion.Insert);
        Assert.Equal(ProfileConformanceTests.Png, (await bob.Client.Emoji.GetImageAsync(blobcat)).Bytes.ToArray());

        var refused = await Assert.ThrowsAsync<ChatalotApiException>(() => bob.Client.Emoji.UploadAsync(space.Community, "mine", new MemoryStream(ProfileConformanceTests.Png), "image/png"));
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        var badName = await Assert.ThrowsAsync<ChatalotClientException>(() => alice.Client.Emoji.UploadAsync(space.Community, "Bad Name", new MemoryStream(ProfileConformanceTests.Png), "image/png"));
        Assert.Equal(ErrorCodes.ValidationFailed, badName.Code);

        await alice.Client.Emoji.DeleteAsync(space.Community, "blobcat");
        await bob.ExpectAsync<CustomEmojiUpdated>(e => e.CommunityId == space.Community && e.Emoji.Count == 0);
        Assert.Null(bob.Client.Emoji.Resolve(space.Community, ":blobcat:"));
    }
}
