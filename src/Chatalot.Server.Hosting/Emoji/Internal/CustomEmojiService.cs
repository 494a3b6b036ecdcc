using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Emoji;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Communities.Internal;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Profiles.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Emoji.Internal;

/// <summary>
/// A community's custom emoji (docs/protocol/rest.md §Custom emoji): members list and view them, community admins and
/// the owner upload and delete them; every change sends the new list to the members (<c>emoji_updated</c>).
/// </summary>
internal sealed class CustomEmojiService(
    ChatalotDbContext db,
    Access access,
    Clock clock,
    IGatewayPublisher gateway,
    IOptions<ChatalotServerOptions> options)
{
    private readonly ChatalotProfileOptions _options = options.Value.Profiles;

    public async Task<IReadOnlyList<CustomEmoji>> ListAsync(Caller caller, Guid communityId, CancellationToken cancellationToken)
    {
        await access.RequireCommunityAsync(caller, communityId, CommunityRole.Member, cancellationToken).ConfigureAwait(false);
        return await ListCoreAsync(communityId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CustomEmoji> UploadAsync(Caller caller, Guid communityId, string name, HttpContext http)
    {
        var ct = http.RequestAborted;
        await access.RequireCommunityPermissionAsync(caller, communityId, Protocol.Roles.CommunityPermissions.ManageEmoji, ct).ConfigureAwait(false);
        if (!CustomEmojiNames.IsValid(name))
        {
            throw Fail.Validation("name", $"Must be {Protocol.ChatalotLimits.EmojiNameMinLength}-{Protocol.ChatalotLimits.EmojiNameMaxLength} characters of a-z, 0-9 and _.");
        }

        var image = await ImageBody.ReadAsync(http, _options.EmojiMaxBytes, ProfileImages.IsEmojiType, "image/png, image/gif or image/webp").ConfigureAwait(false);
        if (await db.CustomEmoji.AnyAsync(e => e.CommunityId == communityId && e.Name == name, ct).ConfigureAwait(false))
        {
            throw Fail.Conflict($"The community already has an emoji named :{name}:.");
        }

        if (await db.CustomEmoji.CountAsync(e => e.CommunityId == communityId, ct).ConfigureAwait(false) >= _options.EmojiPerCommunity)
        {
            throw EmojiLimit();
        }

        var row = new CustomEmojiRow
        {
            Id = clock.NewId(),
            CommunityId = communityId,
            Name = name,
            MediaType = image.MediaType,
            Data = image.Data,
            Sha256 = image.Sha256,
            CreatedBy = caller.UserId,
            CreatedAt = clock.UtcNow,
        };
        db.CustomEmoji.Add(row);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);

        // Two uploads of different names may both pass the count above; the one that overshoots takes itself back, so
        // the limit holds under any interleaving (both may lose, never both win), as pins do.
        if (await db.CustomEmoji.CountAsync(e => e.CommunityId == communityId, ct).ConfigureAwait(false) > _options.EmojiPerCommunity)
        {
            await db.CustomEmoji.Where(e => e.Id == row.Id).ExecuteDeleteAsync(ct).ConfigureAwait(false);
            throw EmojiLimit();
        }

        await NotifyAsync(communityId, ct).ConfigureAwait(false);
        return ToDto(row);
    }

    private ChatalotServerException EmojiLimit() =>
        Fail.Code(ErrorCodes.EmojiLimitReached, 422, $"A community has at most {_options.EmojiPerCommunity} custom emoji; delete one first.");

    public async Task DeleteAsync(Caller caller, Guid communityId, string name, CancellationToken cancellationToken)
    {
        await access.RequireCommunityPermissionAsync(caller, communityId, Protocol.Roles.CommunityPermissions.ManageEmoji, cancellationToken).ConfigureAwait(false);
        if (await db.CustomEmoji.Where(e => e.CommunityId == communityId && e.Name == name).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw Fail.NotFound("The emoji");
        }

        await NotifyAsync(communityId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The image, for members of the emoji's community; anyone else is told it does not exist.</summary>
    public async Task<CustomEmojiRow> GetImageAsync(Caller caller, Guid emojiId, CancellationToken cancellationToken)
    {
        var row = await db.CustomEmoji.AsNoTracking().FirstOrDefaultAsync(e => e.Id == emojiId, cancellationToken).ConfigureAwait(false);
        if (row is null || await access.CommunityRoleAsync(caller.UserId, row.CommunityId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw Fail.NotFound("The emoji");
        }

        return row;
    }

    private async Task<IReadOnlyList<CustomEmoji>> ListCoreAsync(Guid communityId, CancellationToken cancellationToken)
    {
        var rows = await db.CustomEmoji.AsNoTracking().Where(e => e.CommunityId == communityId).OrderBy(e => e.Name)
            .Select(e => new { e.Id, e.CommunityId, e.Name, e.MediaType, e.CreatedBy, e.CreatedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(e => new CustomEmoji(e.Id, e.CommunityId, e.Name, e.MediaType, e.CreatedBy, e.CreatedAt))];
    }

    private async Task NotifyAsync(Guid communityId, CancellationToken cancellationToken)
    {
        var list = await ListCoreAsync(communityId, cancellationToken).ConfigureAwait(false);
        var members = await db.CommunityMembers.Where(m => m.CommunityId == communityId).Select(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
        await gateway.PublishToUsersAsync(members, new CustomEmojiUpdatedEvent(communityId, list), cancellationToken).ConfigureAwait(false);
    }

    private static CustomEmoji ToDto(CustomEmojiRow e) => new(e.Id, e.CommunityId, e.Name, e.MediaType, e.CreatedBy, e.CreatedAt);
}
