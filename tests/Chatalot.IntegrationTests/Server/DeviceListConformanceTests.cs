using System.Net;
using System.Security.Cryptography;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.ToDevice;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Signed device lists (crypto.md §15.2, rest.md §Device lists), on every storage provider.</summary>
public abstract class DeviceListConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private Task<HttpResponseMessage> Put(DeviceListUpload upload, AuthResponse user) => Api.SendAsync(HttpMethod.Put, "/users/me/device-list", upload, user.AccessToken);

    [Fact]
    public async Task Put_ValidList_IsServedToSelfCommunityMatesAndAdmins_NotToStrangers()
    {
        var (user, mate) = await MatesAsync();
        var stranger = await Api.RegisterAsync();
        using var ak = new TestAccountKey();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/users/{user.User.Id}/device-list", mate.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NoDeviceList);

        var upload = ak.List(user.User.Id, 1, 1, 2);
        var stored = await Api.ExpectAsync<SignedDeviceList>(await Put(upload, user));
        Assert.Equal(upload.List, stored.List);
        Assert.Equal(upload.Signature, stored.Signature);
        foreach (var viewer in new[] { user, mate, fixture.Owner })
        {
            var served = await Api.GetAsync<SignedDeviceList>($"/users/{user.User.Id}/device-list", viewer.AccessToken);
            Assert.Equal(upload.List, served.List);
            Assert.Equal(upload.Signature, served.Signature);
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/users/{user.User.Id}/device-list", stranger.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Put_ListThatDoesNotParseVerifyOrBelongToTheCaller_IsInvalid_AndNothingIsStored()
    {
        var user = await Api.RegisterAsync();
        var other = await Api.RegisterAsync();
        using var ak = new TestAccountKey();
        using var forger = new TestAccountKey();
        var good = ak.List(user.User.Id, 1, 1);

        var invalid = new List<DeviceListUpload>
        {
            good with { List = [.. good.List, 0] },                                              // trailing byte
            good with { List = good.List[..^1] },                                                // truncated
            good with { List = [] },
            good with { Signature = forger.Sign(good.List) },                                    // another key signed it
            good with { Signature = [.. good.Signature[..^1], (byte)(good.Signature[^1] ^ 1)] }, // tampered signature
            good with { Signature = good.Signature[..63] },
            ak.List(other.User.Id, 1, 1),                                                        // someone else's list
            ak.List(user.User.Id.ToString("D").ToUpperInvariant(), 1, [(1, RandomNumberGenerator.GetBytes(32))]), // not the lowercase D form
            ak.List(user.User.Id.ToString("N"), 1, [(1, RandomNumberGenerator.GetBytes(32))]),
            ak.List(user.User.Id, ulong.MaxValue, 1),                                            // beyond what the server counts
        };
        var tamperedBody = (byte[])good.List.Clone();
        tamperedBody[^1] ^= 1;
        invalid.Add(good with { List = tamperedBody });
        foreach (var upload in invalid)
        {
            await Api.ExpectProblemAsync(Put(upload, user), HttpStatusCode.UnprocessableEntity, ErrorCodes.InvalidDeviceList);
        }

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/users/{user.User.Id}/device-list", user.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NoDeviceList);
        await Api.ExpectAsync<SignedDeviceList>(await Put(good, user));
    }

    [Fact]
    public async Task Put_VersionNotAboveTheStoredOne_IsStale()
    {
        var user = await Api.RegisterAsync();
        using var ak = new TestAccountKey();
        await Api.ExpectAsync<SignedDeviceList>(await Put(ak.List(user.User.Id, 5, 1), user));
        await Api.ExpectProblemAsync(Put(ak.List(user.User.Id, 5, 1, 2), user), HttpStatusCode.Conflict, ErrorCodes.DeviceListStale);
        await Api.ExpectProblemAsync(Put(ak.List(user.User.Id, 4, 1, 2), user), HttpStatusCode.Conflict, ErrorCodes.DeviceListStale);
        var next = ak.List(user.User.Id, 6, 1, 2);
        await Api.ExpectAsync<SignedDeviceList>(await Put(next, user));
        Assert.Equal(next.List, (await Api.GetAsync<SignedDeviceList>($"/users/{user.User.Id}/device-list", user.AccessToken)).List);
    }

    [Fact]
    public async Task Put_AnotherAccountKey_NeedsAReset_WhichMayStartAtVersionOne()
    {
        var user = await Api.RegisterAsync();
        using var ak = new TestAccountKey();
        using var fresh = new TestAccountKey();
        await Api.ExpectAsync<SignedDeviceList>(await Put(ak.List(user.User.Id, 3, 1), user));
        await Api.ExpectProblemAsync(Put(fresh.List(user.User.Id, 4, 1), user), HttpStatusCode.Conflict, ErrorCodes.AccountKeyConflict);

        var reset = fresh.List(user.User.Id, 1, [(2, RandomNumberGenerator.GetBytes(32))], reset: true);
        await Api.ExpectAsync<SignedDeviceList>(await Put(reset, user));
        Assert.Equal(reset.List, (await Api.GetAsync<SignedDeviceList>($"/users/{user.User.Id}/device-list", user.AccessToken)).List);

        // The new key's history goes on from the reset's version; the old key is now the other one.
        await Api.ExpectProblemAsync(Put(fresh.List(user.User.Id, 1, 2), user), HttpStatusCode.Conflict, ErrorCodes.DeviceListStale);
        await Api.ExpectProblemAsync(Put(ak.List(user.User.Id, 9, 1), user), HttpStatusCode.Conflict, ErrorCodes.AccountKeyConflict);
        await Api.ExpectAsync<SignedDeviceList>(await Put(fresh.List(user.User.Id, 2, 2, 3), user));

        // A reset flag under the same key is an ordinary update: the version still has to rise.
        await Api.ExpectProblemAsync(Put(fresh.List(user.User.Id, 1, [(2, RandomNumberGenerator.GetBytes(32))], reset: true), user), HttpStatusCode.Conflict, ErrorCodes.DeviceListStale);
    }

    [Fact]
    public async Task Put_TellsContactsAndTheUsersOtherConnections_WhichDevicesCameAndWent()
    {
        var (user, mate) = await MatesAsync();
        var stranger = await Api.RegisterAsync();
        using var ak = new TestAccountKey();
        using var fresh = new TestAccountKey();
        await using var own = (await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, user.AccessToken)).Client;
        await using var contact = (await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, mate.AccessToken)).Client;
        await using var outsider = (await GatewayClient.AuthenticateAsync(fixture.Server.BaseAddress, stranger.AccessToken)).Client;

        await Api.ExpectAsync<SignedDeviceList>(await Put(ak.List(user.User.Id, 1, 1, 2), user));
        foreach (var client in new[] { own, contact })
        {
            AssertEvent(await client.WaitForAsync<DeviceListUpdatedEvent>(x => x.UserId == user.User.Id), 1, [1, 2], [], false);
        }

        await Api.ExpectAsync<SignedDeviceList>(await Put(ak.List(user.User.Id, 2, 2, 3), user));
        foreach (var client in new[] { own, contact })
        {
            AssertEvent(await client.WaitForAsync<DeviceListUpdatedEvent>(x => x.UserId == user.User.Id), 2, [3], [1], false);
        }

        await Api.ExpectAsync<SignedDeviceList>(await Put(fresh.List(user.User.Id, 1, [(3, RandomNumberGenerator.GetBytes(32))], reset: true), user));
        foreach (var client in new[] { own, contact })
        {
            AssertEvent(await client.WaitForAsync<DeviceListUpdatedEvent>(x => x.UserId == user.User.Id), 1, [], [2], true);
        }

        // The stranger heard nothing of it: its own list's event is the first device list event it gets.
        using var strangerKey = new TestAccountKey();
        await Api.ExpectAsync<SignedDeviceList>(await Put(strangerKey.List(stranger.User.Id, 1, 1), stranger));
        var first = await outsider.WaitForAsync<DeviceListUpdatedEvent>();
        Assert.Equal(stranger.User.Id, first.UserId);
    }

    [Fact]
    public async Task Put_RemovedDevice_LosesItsKeysPrekeysAndInbox()
    {
        var (user, mate) = await MatesAsync();
        using var one = new TestDevice();
        using var two = new TestDevice();
        using var mateDevice = new TestDevice();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/1", one.Upload(), user.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/2", two.Upload(), user.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/1", mateDevice.Upload(), mate.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(user.User.Id, 2, [1, 2, 3]), new ToDeviceEnvelope(user.User.Id, 1, [4])]), mate.AccessToken)).EnsureSuccessStatusCode();
        using var ak = new TestAccountKey();
        await Api.ExpectAsync<SignedDeviceList>(await Put(ak.List(user.User.Id, 1, [(1, one.IdentityKey), (2, two.IdentityKey)]), user));

        await Api.ExpectAsync<SignedDeviceList>(await Put(ak.List(user.User.Id, 2, [(1, one.IdentityKey)]), user));

        var devices = await Api.GetAsync<IReadOnlyList<DeviceInfo>>($"/users/{user.User.Id}/devices", mate.AccessToken);
        Assert.Equal([1], devices.Select(d => d.DeviceId));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/users/{user.User.Id}/devices/2/bundle", mate.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal([1], (await Api.ExpectAsync<IReadOnlyList<PrekeyBundle>>(await Api.SendAsync(HttpMethod.Post, $"/users/{user.User.Id}/devices/bundles", mate.AccessToken))).Select(b => b.DeviceId));
        Assert.Empty(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/2", user.AccessToken));
        Assert.Single(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", user.AccessToken));
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        Assert.False(await db.OneTimePrekeys.AnyAsync(k => k.UserId == user.User.Id && k.DeviceId == 2));
        Assert.True(await db.OneTimePrekeys.AnyAsync(k => k.UserId == user.User.Id && k.DeviceId == 1));
    }

    [Fact]
    public async Task Put_RacingUploadsOfOneVersion_ExactlyOneWins()
    {
        var user = await Api.RegisterAsync();
        using var ak = new TestAccountKey();
        await Api.ExpectAsync<SignedDeviceList>(await Put(ak.List(user.User.Id, 1, 1), user));
        var uploads = Enumerable.Range(2, 8).Select(id => ak.List(user.User.Id, 2, 1, id)).ToList();
        var answers = await Task.WhenAll(uploads.Select(async u =>
        {
            using var response = await Put(u, user);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));
        Assert.Single(answers, a => a.Item1 == 200);
        Assert.All(answers.Where(a => a.Item1 != 200), a => Assert.Contains($"\"code\":\"{ErrorCodes.DeviceListStale}\"", a.Item2, StringComparison.Ordinal));
        var stored = await Api.GetAsync<SignedDeviceList>($"/users/{user.User.Id}/device-list", user.AccessToken);
        Assert.Single(uploads, u => u.List.AsSpan().SequenceEqual(stored.List));

        // Two first uploads race on the row's key instead of its version.
        var other = await Api.RegisterAsync();
        var firsts = await Task.WhenAll(Enumerable.Range(1, 8).Select(async id =>
        {
            using var response = await Put(ak.List(other.User.Id, 1, id), other);
            return (int)response.StatusCode;
        }));
        Assert.Single(firsts, s => s == 200);
        Assert.All(firsts.Where(s => s != 200), s => Assert.Equal(409, s));
    }

    [Fact]
    public async Task DeletingTheAccount_DropsItsListLinksAndBackup()
    {
        var user = await Api.RegisterAsync();
        using var ak = new TestAccountKey();
        await Api.ExpectAsync<SignedDeviceList>(await Put(ak.List(user.User.Id, 1, 1), user));
        await Api.PostAsync<CreateDeviceLinkRequest, DeviceLink>("/users/me/device-links", DeviceLinkConformanceTests.NewLink(2), user.AccessToken, HttpStatusCode.Created);
        await Api.ExpectAsync<KeyBackup>(await Api.SendAsync(HttpMethod.Put, "/users/me/key-backup", new KeyBackupUpload(new byte[16], new Dictionary<string, byte[]> { ["account"] = [1, 2, 3] }, 0), user.AccessToken));

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/users/me", new PasswordConfirmation("correct horse battery"), user.AccessToken)).StatusCode);

        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatalotDbContext>();
        Assert.False(await db.DeviceLists.AnyAsync(l => l.UserId == user.User.Id));
        Assert.False(await db.DeviceLinks.AnyAsync(l => l.UserId == user.User.Id));
        Assert.False(await db.KeyBackups.AnyAsync(b => b.UserId == user.User.Id));
        Assert.False(await db.KeyBackupEntries.AnyAsync(e => e.UserId == user.User.Id));
    }

    private static void AssertEvent(DeviceListUpdatedEvent e, long version, int[] added, int[] removed, bool keyChanged)
    {
        Assert.Equal(version, e.Version);
        Assert.Equal(added, e.Added);
        Assert.Equal(removed, e.Removed);
        Assert.Equal(keyChanged, e.AccountKeyChanged);
    }

    /// <summary>Two accounts sharing a community.</summary>
    private async Task<(AuthResponse User, AuthResponse Mate)> MatesAsync()
    {
        var user = await Api.RegisterAsync();
        var community = await Api.PostAsync<CreateCommunityRequest, Community>("/communities", new CreateCommunityRequest("Lists"), user.AccessToken, HttpStatusCode.Created);
        var invite = await Api.PostAsync<CreateInviteRequest, Invite>($"/communities/{community.Id}/invites", new CreateInviteRequest(), user.AccessToken, HttpStatusCode.Created);
        return (user, await CommunityScenario.JoinAsync(Api, invite.Code));
    }
}

public sealed class DeviceListSqliteTests(SqliteServerFixture fixture) : DeviceListConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class DeviceListPostgresTests(PostgresServerFixture fixture) : DeviceListConformanceTests(fixture), IClassFixture<PostgresServerFixture>;
