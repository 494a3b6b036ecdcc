using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Serialization;
using static Chatalot.IntegrationTests.Server.RouteMatrix.MatrixRules;
using A = Chatalot.IntegrationTests.Server.RouteMatrix.MatrixActor;

namespace Chatalot.IntegrationTests.Server.RouteMatrix;

public static partial class MatrixRows
{
    private const string Links = "/users/me/device-links";
    private const string Backup = "/users/me/key-backup";

    /// <summary>
    /// Signed device lists, device links and the key backup (rest.md §Device lists, linking and key backup). Lists here
    /// hold no devices, so no row removes the published keys other rows rely on; links and backups are deleted after use.
    /// </summary>
    private static IEnumerable<MatrixRow> Devices() =>
    [
        R("GET", "/users/{user_id}/device-list", "sees the user", Member().With(A.Instance, "✓"), async (w, c) =>
        {
            await EnsureDeviceListAsync(w, w.Everyone);
            return await w.Send(Get, $"/users/{w.Everyone.User.Id}/device-list", c.Token);
        }),
        R("PUT", "/users/me/device-list", "signed in, own list", SignedIn(), (w, c) =>
        {
            // A reset may carry version 1 whatever is stored, so every actor's call is valid however often it runs.
            using var key = new TestAccountKey();
            return w.Send(Put, "/users/me/device-list", key.List(c.UserId, 1, [], reset: true), c.Token);
        }),
        R("POST", Links, "signed in, own account", SignedIn(), async (w, c) =>
        {
            var answer = await w.Send(Post, Links, DeviceLinkConformanceTests.NewLink(2), c.Token);
            return await Then(answer, () => DropLinkAsync(w, answer, c.Token!));
        }),
        R("GET", Links, "signed in, own account", SignedIn(), Read(_ => Links)),
        R("GET", Links + "/{link_id}", "signed in, own account", SignedIn(), (w, c) => LinkStepAsync(w, c, 0, id => w.Send(Get, $"{Links}/{id}", c.Token))),
        R("POST", Links + "/{link_id}/respond", "signed in, own account", SignedIn(), (w, c) =>
            LinkStepAsync(w, c, 0, id => w.Send(Post, $"{Links}/{id}/respond", DeviceLinkConformanceTests.Respond(), c.Token))),
        R("POST", Links + "/{link_id}/reveal", "signed in, own account", SignedIn(), (w, c) =>
            LinkStepAsync(w, c, 1, id => w.Send(Post, $"{Links}/{id}/reveal", DeviceLinkConformanceTests.Reveal(), c.Token))),
        R("POST", Links + "/{link_id}/approve", "signed in, own account", SignedIn(), (w, c) =>
            LinkStepAsync(w, c, 2, id => w.Send(Post, $"{Links}/{id}/approve", DeviceLinkConformanceTests.Approve(), c.Token))),
        R("POST", Links + "/{link_id}/decline", "signed in, own account", SignedIn(), (w, c) =>
            LinkStepAsync(w, c, 1, id => w.Send(Post, $"{Links}/{id}/decline", c.Token))),
        R("DELETE", Links + "/{link_id}", "signed in, own account", SignedIn(), async (w, c) =>
        {
            var id = c.Allowed ? await NewLinkAsync(w, c.Token!, 0) : Guid.NewGuid();
            return await w.Send(Delete, $"{Links}/{id}", c.Token);
        }),
        R("GET", Backup, "signed in, own account", SignedIn(), async (w, c) =>
        {
            if (c.Allowed)
            {
                await BackupVersionAsync(w, c.Token!, ensure: true);
            }

            return await Then(await w.Send(Get, Backup, c.Token), () => Ok(w, Delete, Backup, c.Token!));
        }),
        R("PUT", Backup, "signed in, own account", SignedIn(), async (w, c) =>
        {
            var previous = c.Allowed ? await BackupVersionAsync(w, c.Token!, ensure: false) : 0;
            var upload = new KeyBackupUpload(new byte[16], new Dictionary<string, byte[]> { ["account"] = [1, 2, 3] }, previous);
            return await Then(await w.Send(Put, Backup, upload, c.Token), () => Ok(w, Delete, Backup, c.Token!));
        }),
        R("DELETE", Backup, "signed in, own account", SignedIn(), async (w, c) =>
        {
            if (c.Allowed)
            {
                await BackupVersionAsync(w, c.Token!, ensure: true);
            }

            return await w.Send(Delete, Backup, c.Token);
        }),
    ];

    /// <summary>Publishes an (empty) device list for <paramref name="user"/> unless it has one.</summary>
    private static async Task EnsureDeviceListAsync(MatrixWorld w, Protocol.Accounts.AuthResponse user)
    {
        using var response = await w.Api.SendAsync(Get, $"/users/{user.User.Id}/device-list", user.AccessToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            using var key = new TestAccountKey();
            await MatrixWorld.ExpectOkAsync(w.Api.SendAsync(Put, "/users/me/device-list", key.List(user.User.Id, 1, [], reset: true), user.AccessToken));
        }
    }

    /// <summary>A new link of the caller's account, taken <paramref name="steps"/> steps past <c>requested</c>.</summary>
    private static async Task<Guid> NewLinkAsync(MatrixWorld w, string token, int steps)
    {
        var link = await w.Api.PostAsync<CreateDeviceLinkRequest, DeviceLink>(Links, DeviceLinkConformanceTests.NewLink(2), token, System.Net.HttpStatusCode.Created);
        if (steps >= 1)
        {
            await MatrixWorld.ExpectOkAsync(w.Api.SendAsync(Post, $"{Links}/{link.Id}/respond", DeviceLinkConformanceTests.Respond(), token));
        }

        if (steps >= 2)
        {
            await MatrixWorld.ExpectOkAsync(w.Api.SendAsync(Post, $"{Links}/{link.Id}/reveal", DeviceLinkConformanceTests.Reveal(), token));
        }

        return link.Id;
    }

    /// <summary>The step on a link made for it (a random id for callers the row refuses), after which the link goes.</summary>
    private static async Task<MatrixAnswer> LinkStepAsync(MatrixWorld w, MatrixCaller c, int steps, Func<Guid, Task<MatrixAnswer>> step)
    {
        if (!c.Allowed)
        {
            return await step(Guid.NewGuid());
        }

        var id = await NewLinkAsync(w, c.Token!, steps);
        var answer = await step(id);
        await Ok(w, Delete, $"{Links}/{id}", c.Token!);
        return answer;
    }

    private static Task DropLinkAsync(MatrixWorld w, MatrixAnswer created, string token) =>
        Ok(w, Delete, $"{Links}/{ChatalotJson.Deserialize<DeviceLink>(System.Text.Encoding.UTF8.GetBytes(created.Body)).Id}", token);

    /// <summary>The caller's backup version (0 for none); with <paramref name="ensure"/>, one is written first when there is none.</summary>
    private static async Task<long> BackupVersionAsync(MatrixWorld w, string token, bool ensure)
    {
        using var response = await w.Api.SendAsync(Get, Backup, token);
        if (response.IsSuccessStatusCode)
        {
            return ChatalotJson.Deserialize<KeyBackup>(await response.Content.ReadAsByteArrayAsync()).Version;
        }

        if (ensure)
        {
            await MatrixWorld.ExpectOkAsync(w.Api.SendAsync(Put, Backup, new KeyBackupUpload(new byte[16], new Dictionary<string, byte[]> { ["account"] = [1] }, 0), token));
            return 1;
        }

        return 0;
    }
}
