using System.Net;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.ToDevice;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Server;

/// <summary>Key directory and to-device inbox, on every storage provider. The instance owner can see every user.</summary>
public abstract class KeyDirectoryConformanceTests(ServerFixture fixture)
{
    private ChatalotApi Api => fixture.Api;

    private string Owner => fixture.Owner.AccessToken;

    [Fact]
    public async Task PutDevice_WithValidSignatures_IsListedWithItsIdentityKey()
    {
        var user = await Api.RegisterAsync();
        using var device = new TestDevice();
        var info = await Api.ExpectAsync<DeviceInfo>(await Api.SendAsync(HttpMethod.Put, "/keys/devices/7", device.Upload(name: "laptop"), user.AccessToken));
        Assert.Equal(7, info.DeviceId);
        Assert.Equal(device.IdentityKey, info.IdentityKey);

        var devices = await Api.GetAsync<IReadOnlyList<DeviceInfo>>($"/users/{user.User.Id}/devices", Owner);
        Assert.Equal("laptop", Assert.Single(devices).DeviceName);
        var counts = await Api.GetAsync<PrekeyCounts>("/keys/devices/7/prekeys/count", user.AccessToken);
        Assert.Equal(new PrekeyCounts(5, 5), counts);
    }

    [Fact]
    public async Task PutDevice_ForgedSignatures_AreRejected()
    {
        var user = await Api.RegisterAsync();
        using var device = new TestDevice();
        using var other = new TestDevice();
        var good = device.Upload();

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/keys/devices/1", good with { SignedPrekey = other.SignedPrekey() }, user.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.InvalidSignature);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/keys/devices/1", good with { LastResortKemPrekey = device.KemPrekey(lastResort: false) }, user.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.InvalidSignature);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/keys/devices/1", good with { OneTimeKemPrekeys = [device.KemPrekey(lastResort: true)] }, user.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.InvalidSignature);
        var tampered = good.SignedPrekey with { PublicKey = [.. good.SignedPrekey.PublicKey[..^1], (byte)(good.SignedPrekey.PublicKey[^1] ^ 1)] };
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/keys/devices/1", good with { SignedPrekey = tampered }, user.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.InvalidSignature);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/keys/devices/1", good with { IdentityKey = new byte[31] }, user.AccessToken), HttpStatusCode.UnprocessableEntity, ErrorCodes.ValidationFailed);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/keys/devices/0", good, user.AccessToken), HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest);
        Assert.Empty(await Api.GetAsync<IReadOnlyList<DeviceInfo>>($"/users/{user.User.Id}/devices", Owner));
    }

    [Fact]
    public async Task PutDevice_NewIdentityForExistingDevice_IsConflict_UntilDeviceDeleted()
    {
        var user = await Api.RegisterAsync();
        using var first = new TestDevice();
        using var second = new TestDevice();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/3", first.Upload(), user.AccessToken)).EnsureSuccessStatusCode();
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Put, "/keys/devices/3", second.Upload(), user.AccessToken), HttpStatusCode.Conflict, ErrorCodes.IdentityKeyConflict);

        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/keys/devices/3", user.AccessToken)).StatusCode);
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/3", second.Upload(), user.AccessToken)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task FetchBundle_ConsumesOneOfEachKind_ThenFallsBackToLastResortKem()
    {
        var user = await Api.RegisterAsync();
        using var device = new TestDevice();
        var upload = device.Upload(oneTime: 1, kem: 1);
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/2", upload, user.AccessToken)).EnsureSuccessStatusCode();

        var first = await Api.ExpectAsync<PrekeyBundle>(await Api.SendAsync(HttpMethod.Post, $"/users/{user.User.Id}/devices/2/bundle", Owner));
        Assert.Equal(upload.OneTimePrekeys![0].KeyId, first.OneTimePrekey!.KeyId);
        Assert.Equal(upload.OneTimeKemPrekeys![0].KeyId, first.KemPrekey.KeyId);
        Assert.False(first.KemPrekeyIsLastResort);
        Assert.Equal(upload.SignedPrekey.Signature, first.SignedPrekey.Signature);

        var second = await Api.ExpectAsync<PrekeyBundle>(await Api.SendAsync(HttpMethod.Post, $"/users/{user.User.Id}/devices/2/bundle", Owner));
        Assert.Null(second.OneTimePrekey);
        Assert.True(second.KemPrekeyIsLastResort);
        Assert.Equal(upload.LastResortKemPrekey.KeyId, second.KemPrekey.KeyId);
        Assert.Equal(new PrekeyCounts(0, 0), await Api.GetAsync<PrekeyCounts>("/keys/devices/2/prekeys/count", user.AccessToken));
    }

    [Fact]
    public async Task FetchBundles_Concurrently_NeverHandOutTheSameOneTimeKeyTwice()
    {
        var user = await Api.RegisterAsync();
        using var device = new TestDevice();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/1", device.Upload(oneTime: 8, kem: 8), user.AccessToken)).EnsureSuccessStatusCode();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            await Api.ExpectAsync<IReadOnlyList<PrekeyBundle>>(await Api.SendAsync(HttpMethod.Post, $"/users/{user.User.Id}/devices/bundles", Owner))));
        var handedOut = results.Select(r => Assert.Single(r).OneTimePrekey?.KeyId).Where(id => id is not null).ToList();
        Assert.Equal(8, handedOut.Count);
        Assert.Equal(8, handedOut.Distinct().Count());
    }

    [Fact]
    public async Task Strangers_CannotSeeDevicesOrFetchBundles()
    {
        var user = await Api.RegisterAsync();
        var stranger = await Api.RegisterAsync();
        using var device = new TestDevice();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/1", device.Upload(), user.AccessToken)).EnsureSuccessStatusCode();

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Get, $"/users/{user.User.Id}/devices", stranger.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/users/{user.User.Id}/devices/bundles", stranger.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal(new PrekeyCounts(5, 5), await Api.GetAsync<PrekeyCounts>("/keys/devices/1/prekeys/count", user.AccessToken));
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, $"/users/{stranger.User.Id}/devices/bundles", Owner), HttpStatusCode.NotFound, ErrorCodes.NoDevices);
    }

    [Fact]
    public async Task ToDevice_InboxIsOldestFirst_EvenWithinOneMillisecond()
    {
        var bob = await Api.RegisterAsync();
        using var bobDevice = new TestDevice();
        using var ownerDevice = new TestDevice();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/1", bobDevice.Upload(), bob.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/11", ownerDevice.Upload(), Owner)).EnsureSuccessStatusCode();

        // Device 11 of the shared owner is this test's own (another test owns 9).
        // One batch of 30 (one timestamp) then 10 single sends: the payload is the send order.
        var batch = Enumerable.Range(0, 30).Select(i => new ToDeviceEnvelope(bob.User.Id, 1, [(byte)i])).ToList();
        (await Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(11, batch), Owner)).EnsureSuccessStatusCode();
        for (var i = 30; i < 40; i++)
        {
            (await Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(11, [new ToDeviceEnvelope(bob.User.Id, 1, [(byte)i])]), Owner)).EnsureSuccessStatusCode();
        }

        var inbox = await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1?limit=100", bob.AccessToken);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (byte)i), inbox.Select(m => m.Payload[0]));
        Assert.All(inbox, m => Assert.Equal(0, m.CreatedAt.Ticks % TimeSpan.TicksPerMillisecond));
    }

    [Fact]
    public async Task ToDevice_IsDurableUntilTheRecipientDeviceAcknowledges()
    {
        var alice = await Api.RegisterAsync();
        var bob = await Api.RegisterAsync();
        using var aliceDevice = new TestDevice();
        using var bobDevice = new TestDevice();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/1", aliceDevice.Upload(), alice.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/1", bobDevice.Upload(), bob.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/2", new TestDevice().Upload(), bob.AccessToken)).EnsureSuccessStatusCode();

        // Only visible users can be reached; the owner sees everyone, so send as the owner's device.
        using var ownerDevice = new TestDevice();
        (await Api.SendAsync(HttpMethod.Put, "/keys/devices/9", ownerDevice.Upload(), Owner)).EnsureSuccessStatusCode();
        var sent = await Api.ExpectAsync<ToDeviceSendResult>(await Api.SendAsync(HttpMethod.Post, "/to-device",
            new SendToDeviceRequest(9, [new ToDeviceEnvelope(bob.User.Id, 1, [1, 2, 3]), new ToDeviceEnvelope(bob.User.Id, 2, [4])]), Owner));
        Assert.Equal(2, sent.MessageIds.Count);

        var inbox = await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", bob.AccessToken);
        var entry = Assert.Single(inbox);
        Assert.Equal(new byte[] { 1, 2, 3 }, entry.Payload);
        Assert.Equal(fixture.Owner.User.Id, entry.SenderUserId);
        Assert.Equal(9, entry.SenderDeviceId);

        // Acking from another device or another user deletes nothing.
        (await Api.SendAsync(HttpMethod.Post, "/to-device/2/ack", new AckToDeviceRequest([entry.Id]), bob.AccessToken)).EnsureSuccessStatusCode();
        (await Api.SendAsync(HttpMethod.Post, "/to-device/1/ack", new AckToDeviceRequest([entry.Id]), alice.AccessToken)).EnsureSuccessStatusCode();
        Assert.Single(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", bob.AccessToken));

        (await Api.SendAsync(HttpMethod.Post, "/to-device/1/ack", new AckToDeviceRequest([entry.Id]), bob.AccessToken)).EnsureSuccessStatusCode();
        Assert.Empty(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/1", bob.AccessToken));
        Assert.Single(await Api.GetAsync<IReadOnlyList<ToDeviceMessage>>("/to-device/2", bob.AccessToken));

        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(1, [new ToDeviceEnvelope(bob.User.Id, 1, [1])]), alice.AccessToken), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(9, [new ToDeviceEnvelope(bob.User.Id, 5, [1])]), Owner), HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await Api.ExpectProblemAsync(Api.SendAsync(HttpMethod.Post, "/to-device", new SendToDeviceRequest(9, [new ToDeviceEnvelope(bob.User.Id, 1, new byte[70_000])]), Owner), HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge);
    }
}

public sealed class KeyDirectorySqliteTests(SqliteServerFixture fixture) : KeyDirectoryConformanceTests(fixture), IClassFixture<SqliteServerFixture>;

public sealed class KeyDirectoryPostgresTests(PostgresServerFixture fixture) : KeyDirectoryConformanceTests(fixture), IClassFixture<PostgresServerFixture>;

public class BundleRateLimitTests
{
    [Fact]
    public async Task FetchBundles_BeyondThePerTargetLimit_IsRateLimited()
    {
        await using var server = await ChatalotTestServer.StartAsync(ChatalotDatabaseProvider.Sqlite, o => o with { RateLimits = o.RateLimits with { BundleFetchesPerTargetPerHour = 3 } });
        using var api = server.CreateApi();
        var owner = await api.RegisterAsync();
        var user = await api.RegisterAsync();
        using var device = new TestDevice();
        (await api.SendAsync(HttpMethod.Put, "/keys/devices/1", device.Upload(oneTime: 10), user.AccessToken)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            (await api.SendAsync(HttpMethod.Post, $"/users/{user.User.Id}/devices/bundles", owner.AccessToken)).EnsureSuccessStatusCode();
        }

        var problem = await ChatalotApi.ProblemAsync(await api.SendAsync(HttpMethod.Post, $"/users/{user.User.Id}/devices/bundles", owner.AccessToken), HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        Assert.True(problem.RetryAfterSeconds > 0);
        Assert.Equal(new PrekeyCounts(7, 2), await api.GetAsync<PrekeyCounts>("/keys/devices/1/prekeys/count", user.AccessToken));
    }
}
