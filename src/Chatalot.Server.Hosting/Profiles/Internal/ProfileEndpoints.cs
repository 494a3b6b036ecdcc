using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Profiles.Internal;

/// <summary>Routes of profiles, profile images and the chosen status (docs/protocol/rest.md §Profiles).</summary>
internal static class ProfileEndpoints
{
    // The image types are checked by ImageBody, not declared with Accepts(): routing would then answer other types with
    // a bare 415 before the handler could give its typed unsupported_media_type.
    public static void Map(RouteGroupBuilder api)
    {
        var me = api.MapGroup("/users/me").WithTags("Profiles");
        foreach (var (path, kind) in new[] { ("/avatar", ProfileImageKind.Avatar), ("/banner", ProfileImageKind.Banner) })
        {
            me.MapPut(path, async (Caller caller, HttpContext http, ProfileService s) =>
                WireJson.Ok(await s.SetImageAsync(caller, kind, http).ConfigureAwait(false)))
                .Produces<UserProfile>().Errors(413, 415, 422);
            me.MapDelete(path, async (Caller caller, ProfileService s, CancellationToken ct) =>
            {
                await s.DeleteImageAsync(caller, kind, ct).ConfigureAwait(false);
                return TypedResults.NoContent();
            }).Produces(204);
            api.MapGet("/users/{userId}" + path, async (Caller caller, Guid userId, HttpContext http, ProfileService s, CancellationToken ct) =>
            {
                var image = await s.GetImageAsync(caller, userId, kind, ct).ConfigureAwait(false);
                return ImageBody.Serve(http, image.MediaType, image.Data, image.Sha256);
            }).Produces(200).Produces(304).WithTags("Profiles").Errors(404);
        }

        me.MapGet("/status", async (Caller caller, ProfileService s, CancellationToken ct) =>
            WireJson.Ok(await s.GetStatusAsync(caller, ct).ConfigureAwait(false))).Produces<UserStatus>();
        me.MapPut("/status", async (Caller caller, HttpContext http, ProfileService s) =>
            WireJson.Ok(await s.SetStatusAsync(caller, await WireJson.ReadAsync<UserStatus>(http).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)))
            .AcceptsJson<UserStatus>().Produces<UserStatus>().Errors(422);

        api.MapGet("/users/{userId}/profile", async (Caller caller, Guid userId, ProfileService s, CancellationToken ct) =>
            WireJson.Ok(await s.GetProfileAsync(caller, userId, ct).ConfigureAwait(false))).Produces<UserProfile>().WithTags("Profiles").Errors(404);
    }
}
