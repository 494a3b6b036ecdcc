using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Roles;
using Chatalot.Protocol.Serialization;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

/// <summary>One answer of the server: its status and, for a refusal, the problem's <c>code</c>.</summary>
public readonly record struct MatrixAnswer(int Status, string? Code, string Body)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>Who makes one call of a row: the actor, its account (none for <see cref="MatrixActor.Anonymous"/>) and whether the row lets it through.</summary>
public sealed record MatrixCaller(MatrixActor Actor, AuthResponse? Auth, bool Allowed)
{
    public string? Token => Auth?.AccessToken;

    public Guid UserId => Auth?.User.Id ?? Guid.Empty;
}

/// <summary>
/// The community every row runs against, built once per server: one account per actor, a public group with its
/// general channel, a message, an emoji, an attachment, and per permission flag a role granting only that flag with a
/// holder and a holder whose flag a group override denies. Rows that consume something make it fresh through the
/// helpers here, and rows that change shared state put it back.
/// </summary>
public sealed class MatrixWorld
{
    public const string Password = "correct horse battery";

    private readonly Dictionary<CommunityPermissions, (AuthResponse Holder, AuthResponse Denied)> _flags = [];
    private int _counter;

    private MatrixWorld(ChatalotApi api, ServerFixture fixture) => (Api, Fixture) = (api, fixture);

    public ChatalotApi Api { get; }

    public ServerFixture Fixture { get; }

    public Guid C { get; private set; }
    public Guid G { get; private set; }
    public Guid Ch { get; private set; }

    /// <summary>A voice channel of the group (calls.md); <see cref="Peer"/> joins its call for the moderator rows.</summary>
    public Guid VoiceCh { get; private set; }
    public string InviteCode { get; private set; } = "";
    public AuthResponse Owner { get; private set; } = null!;
    public AuthResponse Admin { get; private set; } = null!;
    public AuthResponse Moderator { get; private set; } = null!;
    public AuthResponse Everyone { get; private set; } = null!;
    public AuthResponse Banned { get; private set; } = null!;
    public AuthResponse Suspended { get; private set; } = null!;
    public AuthResponse Outsider { get; private set; } = null!;
    public AuthResponse TimedOut { get; private set; } = null!;
    public AuthResponse Instance => Fixture.Owner;

    /// <summary>A plain member, the target of member-directed actions (time-outs, roles, DMs).</summary>
    public AuthResponse Peer { get; private set; } = null!;

    /// <summary>A message of the owner in the general channel.</summary>
    public Message Message { get; private set; } = null!;

    /// <summary>A role at the bottom (position 1, no flags), the target of role and override routes.</summary>
    public Guid SpareRole { get; private set; }

    public Guid EmojiId { get; private set; }

    /// <summary>A complete upload of the owner, referenced by a message in the general channel.</summary>
    public Guid AttachmentId { get; private set; }

    /// <summary>A community of someone else whose invite non-members accept (so they stay non-members here).</summary>
    public string ScratchInviteCode { get; private set; } = "";

    /// <summary>An account nobody shares anything with, the target of blocks.</summary>
    public AuthResponse Blockee { get; private set; } = null!;

    /// <summary>A GIF the proxy found, for the media route.</summary>
    public string GifUrl { get; private set; } = "";

    /// <summary>A franked message of the owner, reported by those refused a fresh one.</summary>
    public ReportConformanceTests.Franked Franked { get; private set; } = null!;

    /// <summary>An open report in the community's queue, for those refused a fresh one.</summary>
    public Guid OpenReport { get; private set; }

    public string Next(string prefix) => prefix + Interlocked.Increment(ref _counter);

    public static async Task<MatrixWorld> BuildAsync(ServerFixture fixture)
    {
        var w = new MatrixWorld(fixture.Api, fixture);
        await w.BuildAsync();
        return w;
    }

    private async Task BuildAsync()
    {
        Owner = await Api.RegisterAsync();
        C = (await Api.PostAsync<CreateCommunityRequest, Community>("/communities", new CreateCommunityRequest("Matrix"), Owner.AccessToken, HttpStatusCode.Created)).Id;
        G = (await Api.PostAsync<CreateGroupRequest, Group>($"/communities/{C}/groups", new CreateGroupRequest("Lobby"), Owner.AccessToken, HttpStatusCode.Created)).Id;
        Ch = Assert.Single(await Api.GetAsync<IReadOnlyList<Channel>>($"/groups/{G}/channels", Owner.AccessToken)).Id;
        InviteCode = (await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{C}/invites", new CreateInviteRequest(), Owner.AccessToken, HttpStatusCode.Created)).Code;
        Admin = await MemberAsync(CommunityRole.Admin);
        Moderator = await MemberAsync(CommunityRole.Moderator);
        Everyone = await MemberAsync();
        Peer = await MemberAsync();
        Banned = await BannedAsync();
        Suspended = await SuspendedAsync();
        Outsider = await Api.RegisterAsync();
        TimedOut = await TimedOutAsync();
        Blockee = await Api.RegisterAsync();
        foreach (var user in new[] { Owner, Admin, Moderator, Everyone, Peer, Instance, TimedOut })
        {
            await MessageConformanceTests.PublishDeviceAsync(Api, user);
        }

        Message = await MessageAsync(Owner);
        VoiceCh = (await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{G}/channels", new CreateChannelRequest("voice", ChannelType.Voice), Owner.AccessToken, HttpStatusCode.Created)).Id;
        SpareRole = (await Api.PostAsync<CreateRoleRequest, Role>($"/communities/{C}/roles", new CreateRoleRequest("spare"), Owner.AccessToken, HttpStatusCode.Created)).Id;
        EmojiId = (await Api.ExpectAsync<Protocol.Emoji.CustomEmoji>(await RawAsync(HttpMethod.Put, $"/communities/{C}/emoji/matrix", ProfileConformanceTests.Png, "image/png", Owner.AccessToken), HttpStatusCode.Created)).Id;
        foreach (var image in new[] { "avatar", "banner" })
        {
            (await RawAsync(HttpMethod.Put, $"/users/me/{image}", ProfileConformanceTests.Png, "image/png", Owner.AccessToken)).EnsureSuccessStatusCode();
        }

        var data = RandomNumberGenerator.GetBytes(64);
        var upload = await UploadApi.CreateAsync(Api, Owner.AccessToken, data.Length);
        (await UploadApi.PatchAsync(Api, Owner.AccessToken, upload.Id, 0, data)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Post, $"/uploads/{upload.Id}/complete", new Protocol.Attachments.CompleteUploadRequest(SHA256.HashData(data)), Owner.AccessToken)).EnsureSuccessStatusCode();
        AttachmentId = upload.Id;
        (await Api.SendAsync(HttpMethod.Post, $"/channels/{Ch}/messages", MessageConformanceTests.Channel(Next("att")) with { AttachmentIds = [upload.Id] }, Owner.AccessToken)).EnsureSuccessStatusCode();

        Franked = await ReportConformanceTests.SendFrankedAsync(Api, Owner, Ch, "kept");
        OpenReport = await ReportAsync();
        GifUrl = (await Api.GetAsync<Protocol.Previews.GifPage>("/gifs/search?q=cat&limit=1", Owner.AccessToken)).Results[0].Full.Url;

        var stranger = await Api.RegisterAsync();
        var scratch = await Api.PostAsync<CreateCommunityRequest, Community>("/communities", new CreateCommunityRequest("Scratch"), stranger.AccessToken, HttpStatusCode.Created);
        ScratchInviteCode = (await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{scratch.Id}/invites", new CreateInviteRequest(), stranger.AccessToken, HttpStatusCode.Created)).Code;
    }

    /// <summary>A fresh open report of the everyone member about a fresh message of the owner.</summary>
    public async Task<Guid> ReportAsync()
    {
        var sent = await ReportConformanceTests.SendFrankedAsync(Api, Owner, Ch, "reported");
        return (await Api.PostAsync<Protocol.Reports.CreateReportRequest, Protocol.Reports.Report>($"/messages/{sent.Message.Id}/reports",
            new Protocol.Reports.CreateReportRequest(sent.Plaintext, sent.FrankingKey, "spam"), Everyone.AccessToken, HttpStatusCode.Created)).Id;
    }

    /// <summary>A fresh member of the community, at <paramref name="rank"/>.</summary>
    public async Task<AuthResponse> MemberAsync(CommunityRole rank = CommunityRole.Member)
    {
        var user = await CommunityScenario.JoinAsync(Api, InviteCode);
        if (rank != CommunityRole.Member)
        {
            await CommunityScenario.SetRoleAsync(Api, C, user.User.Id, rank, Owner.AccessToken);
        }

        return user;
    }

    public async Task<AuthResponse> BannedAsync()
    {
        var user = await MemberAsync();
        await ExpectOkAsync(Api.SendAsync(HttpMethod.Put, $"/communities/{C}/bans/{user.User.Id}", new BanRequest("matrix"), Owner.AccessToken));
        return user;
    }

    public async Task<AuthResponse> TimedOutAsync()
    {
        var user = await MemberAsync();
        await ExpectOkAsync(Api.SendAsync(HttpMethod.Put, $"/communities/{C}/members/{user.User.Id}/timeout", new Protocol.Moderation.TimeoutRequest(DateTimeOffset.UtcNow.AddHours(1), "matrix"), Owner.AccessToken));
        return user;
    }

    public async Task<AuthResponse> SuspendedAsync()
    {
        var user = await MemberAsync();
        await ExpectOkAsync(Api.SendAsync(HttpMethod.Post, $"/admin/users/{user.User.Id}/suspend", new SuspendUserRequest("matrix"), Instance.AccessToken));
        return user;
    }

    /// <summary>A fresh account standing where <paramref name="actor"/> stands, for rows that use the caller up.</summary>
    public Task<AuthResponse> TwinAsync(MatrixActor actor) => actor switch
    {
        MatrixActor.Outsider => Api.RegisterAsync(),
        MatrixActor.Banned => BannedAsync(),
        MatrixActor.Suspended => SuspendedAsync(),
        MatrixActor.Everyone => MemberAsync(),
        MatrixActor.Moderator => MemberAsync(CommunityRole.Moderator),
        MatrixActor.Admin => MemberAsync(CommunityRole.Admin),
        MatrixActor.TimedOut => TimedOutAsync(),
        _ => throw new InvalidOperationException($"No twin for {actor}."),
    };

    /// <summary>The holder of a role granting only <paramref name="flag"/>, and one whose flag a member override on the group denies.</summary>
    public async Task<(AuthResponse Holder, AuthResponse Denied)> FlagHoldersAsync(CommunityPermissions flag)
    {
        if (_flags.TryGetValue(flag, out var holders))
        {
            return holders;
        }

        var role = await Api.PostAsync<CreateRoleRequest, Role>($"/communities/{C}/roles", new CreateRoleRequest("only " + CommunityPermissionFlags.WireName(flag), Permissions: flag), Owner.AccessToken, HttpStatusCode.Created);
        var holder = await MemberAsync();
        var denied = await MemberAsync();
        foreach (var user in new[] { holder, denied })
        {
            await ExpectOkAsync(Api.SendAsync(HttpMethod.Put, $"/communities/{C}/members/{user.User.Id}/roles/{role.Id}", Owner.AccessToken));
            await MessageConformanceTests.PublishDeviceAsync(Api, user);
        }

        await ExpectOkAsync(Api.SendAsync(HttpMethod.Put, $"/groups/{G}/overrides/member/{denied.User.Id}", new SetPermissionOverrideRequest(Deny: flag), Owner.AccessToken));
        return _flags[flag] = (holder, denied);
    }

    /// <summary>The account of <paramref name="actor"/> for a row needing <paramref name="flag"/>.</summary>
    public async Task<AuthResponse?> AccountAsync(MatrixActor actor, CommunityPermissions flag) => actor switch
    {
        MatrixActor.Anonymous => null,
        MatrixActor.Suspended => Suspended,
        MatrixActor.Outsider => Outsider,
        MatrixActor.Banned => Banned,
        MatrixActor.Everyone => Everyone,
        MatrixActor.Flag => (await FlagHoldersAsync(flag)).Holder,
        MatrixActor.Denied => (await FlagHoldersAsync(flag)).Denied,
        MatrixActor.Moderator => Moderator,
        MatrixActor.Admin => Admin,
        MatrixActor.Owner => Owner,
        MatrixActor.Instance => Instance,
        MatrixActor.TimedOut => TimedOut,
        _ => throw new ArgumentOutOfRangeException(nameof(actor)),
    };

    /// <summary>
    /// Puts <see cref="Peer"/> (a plain member, below every moderating actor) in <see cref="VoiceCh"/>'s call. The
    /// connection closes at once; the join lasts the disconnect grace period, long enough for the call that needs it.
    /// </summary>
    public async Task PeerInVoiceAsync()
    {
        await using var peer = await VoiceConformanceTests.ConnectAsync(Fixture.Server.BaseAddress, Peer, VoiceCh);
        await VoiceConformanceTests.JoinAsync(peer, VoiceCh);
    }

    public async Task<Message> MessageAsync(AuthResponse sender, Guid? channel = null) =>
        await Api.ExpectAsync<Message>(await Api.SendAsync(HttpMethod.Post, $"/channels/{channel ?? Ch}/messages", MessageConformanceTests.Channel(Next("m")), sender.AccessToken), HttpStatusCode.Created);

    public async Task<Guid> GroupAsync() =>
        (await Api.PostAsync<CreateGroupRequest, Group>($"/communities/{C}/groups", new CreateGroupRequest(Next("g")), Owner.AccessToken, HttpStatusCode.Created)).Id;

    public async Task<Guid> ChannelAsync() =>
        (await Api.PostAsync<CreateChannelRequest, Channel>($"/groups/{G}/channels", new CreateChannelRequest(Next("c")), Owner.AccessToken, HttpStatusCode.Created)).Id;

    public async Task<Guid> RoleAsync() =>
        (await Api.PostAsync<CreateRoleRequest, Role>($"/communities/{C}/roles", new CreateRoleRequest(Next("r")), Owner.AccessToken, HttpStatusCode.Created)).Id;

    public static async Task ExpectOkAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"Set-up call failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<HttpResponseMessage> RawAsync(HttpMethod method, string path, byte[] bytes, string contentType, string? token)
    {
        using var request = new HttpRequestMessage(method, RestDocumentRoutes.ApiPrefix + path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Api.Http.SendAsync(request);
    }

    public static async Task<MatrixAnswer> AnswerAsync(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        string? code = null;
        if ((int)response.StatusCode >= 400 && body.StartsWith('{'))
        {
            using var doc = JsonDocument.Parse(body);
            code = doc.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        }

        return new MatrixAnswer((int)response.StatusCode, code, body);
    }

    public Task<MatrixAnswer> Send(HttpMethod method, string path, string? token) => AnswerAsync(Api.SendAsync(method, path, token));

    public Task<MatrixAnswer> Send<T>(HttpMethod method, string path, T body, string? token) => AnswerAsync(Api.SendAsync(method, path, body, token));

    public Task<MatrixAnswer> SendRaw(HttpMethod method, string path, byte[] bytes, string contentType, string? token) =>
        AnswerAsync(RawAsync(method, path, bytes, contentType, token));

    internal static JsonSerializerOptions Json => ChatalotJson.Options;
}
