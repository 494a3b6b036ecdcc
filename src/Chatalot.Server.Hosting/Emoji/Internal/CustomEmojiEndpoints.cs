using Chatalot.Protocol.Emoji;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Operations.Internal;
using Chatalot.Server.Hosting.Profiles.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chatalot.Server.Hosting.Emoji.Internal;

/// <summary>Routes of custom emoji (docs/protocol/rest.md §Custom emoji).</summary>
internal static class CustomEmojiEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var community = api.MapGroup("/communities/{communityId}/emoji").WithTags("Custom emoji");
        community.MapGet("", async (Caller caller, Guid communityId, CustomEmojiService s, CancellationToken ct) =>
            WireJson.Ok(await s.ListAsync(caller, communityId, ct).ConfigureAwait(false))).Produces<IReadOnlyList<CustomEmoji>>().Errors(404);
        community.MapPut("/{name}", async (Caller caller, Guid communityId, string name, HttpContext http, CustomEmojiService s) =>
            WireJson.Created(await s.UploadAsync(caller, communityId, name, http).ConfigureAwait(false)))
            .Produces<CustomEmoji>(201).Errors(404, 413, 415, 422);
        community.MapDelete("/{name}", async (Caller caller, Guid communityId, string name, CustomEmojiService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(caller, communityId, name, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).Produces(204).Errors(404);

        api.MapGet("/emoji/{emojiId}", async (Caller caller, Guid emojiId, HttpContext http, CustomEmojiService s, CancellationToken ct) =>
        {
            var emoji = await s.GetImageAsync(caller, emojiId, ct).ConfigureAwait(false);
            return ImageBody.Serve(http, emoji.MediaType, emoji.Data, emoji.Sha256);
        }).Produces(200).Produces(304).WithTags("Custom emoji").Errors(404);
    }
}
