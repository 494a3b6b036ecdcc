using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Emoji;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Custom emoji per community (issue 13), on every storage provider.</summary>
public abstract class CustomEmojiConformanceTests(ServerFixture fixture)
{
    private static readonly byte[] Gif = "GIF89a\u0001\u0000\u0001\u0000"u8.ToArray();

    private ChatalotApi Api => fixture.Api;

    private Uri Base => fixture.Server.BaseAddress;

    private Task<HttpResponseMessage> UploadAsync(Guid community, string name, byte[] image, string type, string token) =>
        ProfileConformanceTests.PutImageAsync(Api, $"/communities/{community}/emoji/{name}", image, type, token);

    [Fact]
    public async Task Emoji_UploadListServeDelete_AndMembersAreTold()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        var (watcher, _) = await GatewayClient.AuthenticateAsync(Base, s.Member.AccessToken);
        await using var w = watcher;
        var parrot = await Api.ExpectAsync<CustomEmoji>(await UploadAsync(s.Community.Id, "party_parrot", Gif, "image/gif", s.Admin.AccessToken), HttpStatusCode.Created);
        Assert.Equal((s.Community.Id, "party_parrot", "image/gif", s.Admin.User.Id), (parrot.CommunityId, parrot.Name, parrot.MediaType, parrot.CreatedBy));
        Assert.Equal([parrot], (await watcher.WaitForAsync<CustomEmojiUpdatedEvent>(e => e.CommunityId == s.Community.Id)).Emoji);
        var blob = await Api.ExpectAsync<CustomEmoji>(await UploadAsync(s.Community.Id, "a1", ProfileConformanceTests.Png, "image/png", s.Owner.AccessToken), HttpStatusCode.Created);
        Assert.Equal(["a1", "party_parrot"], (await watcher.WaitForAsync<CustomEmojiUpdatedEvent>(e => e.Emoji.Count == 2)).Emoji.Select(e => e.Name));
        Assert.Equal([blob, parrot], await Api.GetAsync<IReadOnlyList<CustomEmoji>>($"/communities/{s.Community.Id}/emoji", s.Member.AccessToken));

        using (var served = await ProfileConformanceTests.GetRawAsync(Api, $"/emoji/{parrot.Id}", s.Member.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(Gif, await served.Content.ReadAsByteArrayAsync());
            Assert.Equal("image/gif", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", Assert.Single(served.Headers.GetValues("X-Content-Type-Options")));
            Assert.NotNull(served.Headers.ETag);
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/emoji/party_parrot", s.Moderator.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/emoji/party_parrot", s.Admin.AccessToken)).StatusCode);
        Assert.Equal(["a1"], (await watcher.WaitForAsync<CustomEmojiUpdatedEvent>(e => e.Emoji.Count == 1)).Emoji.Select(e => e.Name));
        await Api.ExpectProblemAsync(ProfileConformanceTests.GetRawAsync(Api, $"/emoji/{parrot.Id}", s.Member.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/emoji/party_parrot", s.Admin.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);

        // Deleting the community deletes its emoji.
        (await Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}", s.Owner.AccessToken)).EnsureSuccessStatusCode();
        await Api.ExpectProblemAsync(ProfileConformanceTests.GetRawAsync(Api, $"/emoji/{blob.Id}", s.Owner.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Upper")]
    [InlineData("has-dash")]
    [InlineData("has%20space")]
    [InlineData("waytoolong_waytoolong_waytoolong_x")]
    public async Task Emoji_NamesOutsideTheRule_AreRefused(string name)
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, name, Gif, "image/gif", s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<CustomEmoji>>($"/communities/{s.Community.Id}/emoji", s.Admin.AccessToken));
    }

    [Fact]
    public async Task Emoji_TakenNamesForgedTypesAndOversize_AreRefused()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await Api.ExpectAsync<CustomEmoji>(await UploadAsync(s.Community.Id, "ok", Gif, "image/gif", s.Admin.AccessToken), HttpStatusCode.Created);
        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, "ok", ProfileConformanceTests.Png, "image/png", s.Owner.AccessToken), HttpStatusCode.Conflict, ErrorCodes.Conflict);
        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, "forged", "<svg onload=alert(1)>"u8.ToArray(), "image/png", s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.MediaTypeMismatch);
        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, "jpeg", ProfileConformanceTests.Jpeg, "image/jpeg", s.Admin.AccessToken), HttpStatusCode.UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, "big", ProfileConformanceTests.Sized(Gif, ProfileImages.EmojiMaxBytes + 1), "image/gif", s.Admin.AccessToken), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
        Assert.Equal(["ok"], (await Api.GetAsync<IReadOnlyList<CustomEmoji>>($"/communities/{s.Community.Id}/emoji", s.Admin.AccessToken)).Select(e => e.Name));
    }

    [Fact]
    public async Task Emoji_OnlyAdminsUpload_NonMembersSeeNothing()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, "mine", Gif, "image/gif", s.Member.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, "mine", Gif, "image/gif", s.Moderator.AccessToken), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, "mine", Gif, "image/gif", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        var emoji = await Api.ExpectAsync<CustomEmoji>(await UploadAsync(s.Community.Id, "mine", Gif, "image/gif", s.Admin.AccessToken), HttpStatusCode.Created);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/communities/{s.Community.Id}/emoji", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(ProfileConformanceTests.GetRawAsync(Api, $"/emoji/{emoji.Id}", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/emoji/mine", s.Outsider.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await ProfileConformanceTests.GetRawAsync(Api, $"/emoji/{emoji.Id}", s.Member.AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Emoji_AtMostTheLimitPerCommunity()
    {
        var s = await CommunityScenario.CreateAsync(Api);
        const int Limit = 50;
        for (var i = 0; i < Limit; i++)
        {
            await Api.ExpectAsync<CustomEmoji>(await UploadAsync(s.Community.Id, $"e{i:D2}", Gif, "image/gif", s.Admin.AccessToken), HttpStatusCode.Created);
        }

        await Api.ExpectProblemAsync(UploadAsync(s.Community.Id, "one_more", Gif, "image/gif", s.Admin.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.EmojiLimitReached);
        Assert.Equal(Limit, (await Api.GetAsync<IReadOnlyList<CustomEmoji>>($"/communities/{s.Community.Id}/emoji", s.Member.AccessToken)).Count);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/emoji/e00", s.Admin.AccessToken)).StatusCode);
        await Api.ExpectAsync<CustomEmoji>(await UploadAsync(s.Community.Id, "one_more", Gif, "image/gif", s.Admin.AccessToken), HttpStatusCode.Created);

        // With the community full again, uploads racing for a freed slot never take it past the limit together.
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, $"/communities/{s.Community.Id}/emoji/e01", s.Admin.AccessToken)).StatusCode);
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => UploadAsync(s.Community.Id, $"race{i}", Gif, "image/gif", s.Admin.AccessToken)));
        Assert.All(racing, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity }));
        Assert.True(racing.Count(r => r.StatusCode == HttpStatusCode.Created) <= 1, "at most one racing upload wins the slot");
        Assert.True((await Api.GetAsync<IReadOnlyList<CustomEmoji>>($"/communities/{s.Community.Id}/emoji", s.Member.AccessToken)).Count <= Limit);
    }
}

public sealed class CustomEmojiSqliteTests(SqliteServerFixture fixture) : CustomEmojiConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class CustomEmojiPostgresTests(PostgresServerFixture fixture) : CustomEmojiConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
