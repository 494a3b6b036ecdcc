using Chatalot.Protocol;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Profiles;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Profiles.Internal;

/// <summary>Profiles, avatar and banner images, and the chosen status (docs/protocol/rest.md §Profiles).</summary>
internal sealed class ProfileService(
    ChatalotDbContext db,
    ProfileAccess access,
    ProfileEvents events,
    PresenceTracker presence,
    Clock clock,
    IOptions<ChatalotServerOptions> options)
{
    private readonly ChatalotProfileOptions _options = options.Value.Profiles;

    public async Task<UserProfile> GetProfileAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        var user = await VisibleUserAsync(caller, userId, cancellationToken).ConfigureAwait(false);
        return ProfileMapper.ToProfile(user, await presence.PresenceAsync(user.Id).ConfigureAwait(false));
    }

    public Task<UserProfile> SetImageAsync(Caller caller, ProfileImageKind kind, HttpContext http) => SetImageAsync(caller.UserId, kind, http);

    /// <summary>Sets <paramref name="userId"/>'s image from the request body; the caller has checked the right to (a bot's manager).</summary>
    public async Task<UserProfile> SetImageAsync(Guid userId, ProfileImageKind kind, HttpContext http)
    {
        var max = kind == ProfileImageKind.Avatar ? _options.AvatarMaxBytes : _options.BannerMaxBytes;
        var image = await ImageBody.ReadAsync(http, max, ProfileImages.IsProfileImageType, "image/png, image/jpeg, image/gif or image/webp").ConfigureAwait(false);
        var ct = http.RequestAborted;
        var user = await db.Users.FirstAsync(u => u.Id == userId, ct).ConfigureAwait(false);
        var row = new ProfileImageRow
        {
            Id = clock.NewId(),
            UserId = user.Id,
            Kind = (int)kind,
            MediaType = image.MediaType,
            Data = image.Data,
            Sha256 = image.Sha256,
            CreatedAt = clock.UtcNow,
        };
        db.ProfileImages.Add(row);
        var previous = Current(user, kind);
        SetCurrent(user, kind, row.Id);
        await db.InTransactionAsync(async c =>
        {
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            if (previous is { } old)
            {
                await db.ProfileImages.Where(i => i.Id == old).ExecuteDeleteAsync(c).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);

        await events.PublishAsync(user, ct).ConfigureAwait(false);
        return ProfileMapper.ToProfile(user, await presence.PresenceAsync(user.Id).ConfigureAwait(false));
    }

    public async Task DeleteImageAsync(Caller caller, ProfileImageKind kind, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstAsync(u => u.Id == caller.UserId, cancellationToken).ConfigureAwait(false);
        if (Current(user, kind) is not { } id)
        {
            return;
        }

        SetCurrent(user, kind, null);
        await db.InTransactionAsync(async c =>
        {
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            await db.ProfileImages.Where(i => i.Id == id).ExecuteDeleteAsync(c).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await events.PublishAsync(user, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProfileImageRow> GetImageAsync(Caller caller, Guid userId, ProfileImageKind kind, CancellationToken cancellationToken)
    {
        var user = await VisibleUserAsync(caller, userId, cancellationToken).ConfigureAwait(false);
        var id = Current(user, kind);
        return await db.ProfileImages.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.UserId == userId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound(kind == ProfileImageKind.Avatar ? "The avatar" : "The banner");
    }

    public async Task<UserStatus> GetStatusAsync(Caller caller, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == caller.UserId, cancellationToken).ConfigureAwait(false);
        return ToStatus(user);
    }

    public async Task<UserStatus> SetStatusAsync(Caller caller, UserStatus request, CancellationToken cancellationToken)
    {
        if (request.Status == PresenceStatus.Offline || !Enum.IsDefined(request.Status))
        {
            throw Fail.Validation("status", "Must be online, idle, dnd or invisible (invisible appears offline).");
        }

        var text = request.CustomText?.Trim();
        if (text is { Length: > ChatalotLimits.CustomStatusMaxLength } || (text is not null && text.Any(char.IsControl)))
        {
            throw Fail.Validation("custom_text", $"Must be at most {ChatalotLimits.CustomStatusMaxLength} characters without control characters.");
        }

        text = string.IsNullOrEmpty(text) ? null : text;
        // Milliseconds, like every timestamp (rest.md §Conventions), so the answer equals what is read back later.
        var expires = text is null || request.CustomExpiresAt is not { } requested
            ? (DateTimeOffset?)null
            : new DateTimeOffset(requested.UtcTicks - (requested.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        if (expires is { } at && at <= clock.UtcNow)
        {
            throw Fail.Validation("custom_expires_at", "Must be in the future.");
        }

        var user = await db.Users.FirstAsync(u => u.Id == caller.UserId, cancellationToken).ConfigureAwait(false);
        user.Status = (int)request.Status;
        user.CustomStatusText = text;
        user.CustomStatusExpiresAt = expires;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await presence.ChooseAsync(user.Id, new ChosenStatus(request.Status, text, expires), cancellationToken).ConfigureAwait(false);
        return ToStatus(user);
    }

    private UserStatus ToStatus(UserRow user)
    {
        var expired = user.CustomStatusExpiresAt is { } at && at <= clock.TimeProvider.GetUtcNow();
        return new UserStatus(
            (PresenceStatus)(user.Status ?? (int)PresenceStatus.Online),
            expired ? null : user.CustomStatusText,
            expired ? null : user.CustomStatusExpiresAt);
    }

    private async Task<UserRow> VisibleUserAsync(Caller caller, Guid userId, CancellationToken cancellationToken)
    {
        if (!await access.CanSeeAsync(caller.UserId, userId, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.NotFound("The user");
        }

        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false)
            ?? throw Fail.NotFound("The user");
    }

    private static Guid? Current(UserRow user, ProfileImageKind kind) => kind == ProfileImageKind.Avatar ? user.AvatarId : user.BannerId;

    private static void SetCurrent(UserRow user, ProfileImageKind kind, Guid? id)
    {
        if (kind == ProfileImageKind.Avatar)
        {
            user.AvatarId = id;
        }
        else
        {
            user.BannerId = id;
        }
    }
}
