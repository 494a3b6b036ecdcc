using Chatalot.Protocol;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Admin;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Server.Hosting.Accounts.Internal;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Gateway.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>
/// The instance settings administrators change at runtime (rest.md §Administration): stored in the single
/// <c>server_settings</c> row, each falling back to <see cref="ChatalotServerOptions"/> until it is first set. Read on
/// every use (no cache), so a change applies at once on every node.
/// </summary>
internal sealed class ServerSettingsService(
    ChatalotDbContext db,
    Clock clock,
    IGatewayPublisher gateway,
    IOptions<ChatalotServerOptions> options,
    AdminAudit audit)
{
    private const long MaxQuotaBytes = 1L << 50;
    private readonly ChatalotServerOptions _options = options.Value;

    /// <summary>The settings in force.</summary>
    public async Task<ServerSettings> GetAsync(CancellationToken cancellationToken) =>
        ToDto(await db.ServerSettings.AsNoTracking().FirstAsync(s => s.Id == 1, cancellationToken).ConfigureAwait(false));

    public async Task<ServerSettings> GetForAdminAsync(Caller caller, CancellationToken cancellationToken)
    {
        AdminGuard.RequireAdmin(caller);
        return await GetAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ServerSettings> UpdateAsync(Caller caller, UpdateServerSettingsRequest request, CancellationToken cancellationToken)
    {
        AdminGuard.RequireAdmin(caller);
        var row = await db.ServerSettings.FirstAsync(s => s.Id == 1, cancellationToken).ConfigureAwait(false);
        var changed = new List<string>();
        if (request.RegistrationMode is { } mode)
        {
            if (!Enum.IsDefined(mode))
            {
                throw Fail.Validation("registration_mode", "Must be open, invite_only or closed.");
            }

            row.RegistrationMode = (int)mode;
            changed.Add("registration_mode " + Wire(mode));
        }

        if (request.CommunityCreation is { } creation)
        {
            if (!Enum.IsDefined(creation))
            {
                throw Fail.Validation("community_creation", "Must be everyone or admins_only.");
            }

            row.CommunityCreation = (int)creation;
            changed.Add("community_creation " + Wire(creation));
        }

        if (request.MaxCommunitiesPerUser is { } max)
        {
            if (max is < 0 or > ChatalotLimits.MaxCommunitiesPerUserMax)
            {
                throw Fail.Validation("max_communities_per_user", $"Must be 1-{ChatalotLimits.MaxCommunitiesPerUserMax}, or 0 for unlimited.");
            }

            row.MaxCommunitiesPerUser = max;
            changed.Add("max_communities_per_user " + (max == 0 ? "unlimited" : max.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (request.UserQuotaBytes is { } quota)
        {
            if (quota is < 0 or > MaxQuotaBytes)
            {
                throw Fail.Validation("user_quota_bytes", "Must be 1 byte to 1 PiB, or 0 for unlimited.");
            }

            row.UserQuotaBytes = quota;
            changed.Add("user_quota_bytes " + (quota == 0 ? "unlimited" : quota.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (request.Banner is { } banner)
        {
            var text = Check.NoControl((banner.Text ?? "").Trim(), "banner.text", allowNewlines: false);
            if (text.Length == 0)
            {
                row.BannerText = null;
                row.BannerExpiresAt = null;
                row.BannerLevel = 0;
                changed.Add("banner removed");
            }
            else
            {
                if (text.Length > ChatalotLimits.BannerMaxLength)
                {
                    throw Fail.Validation("banner.text", $"At most {ChatalotLimits.BannerMaxLength} characters.");
                }

                if (!Enum.IsDefined(banner.Level))
                {
                    throw Fail.Validation("banner.level", "Must be info or warning.");
                }

                if (banner.ExpiresAt is { } expires && expires <= clock.UtcNow)
                {
                    throw Fail.Validation("banner.expires_at", "Must be in the future.");
                }

                row.BannerText = text;
                row.BannerLevel = (int)banner.Level;
                row.BannerExpiresAt = banner.ExpiresAt;
                changed.Add(banner.ExpiresAt is { } until ? $"banner set ({Wire(banner.Level)}, until {until.UtcDateTime:yyyy-MM-ddTHH:mmZ})" : $"banner set ({Wire(banner.Level)})");
            }
        }

        if (changed.Count == 0)
        {
            return ToDto(row);
        }

        row.UpdatedAt = clock.UtcNow;
        row.UpdatedBy = caller.UserId;
        audit.SettingsChanged(caller, string.Join("; ", changed));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await PublishAsync(cancellationToken).ConfigureAwait(false);
        return ToDto(row);
    }

    /// <summary>What <c>GET /server</c> answers: public facts, the setup state and the banner in force.</summary>
    public async Task<ServerInfo> GetServerInfoAsync(CancellationToken cancellationToken)
    {
        var settings = await GetAsync(cancellationToken).ConfigureAwait(false);
        var claimed = await db.Users.AnyAsync(u => u.Role == (int)InstanceRole.Owner, cancellationToken).ConfigureAwait(false);
        var banner = settings.Banner is { } b && (b.ExpiresAt is null || b.ExpiresAt > clock.UtcNow) ? b : null;
        return new ServerInfo(
            ProtocolVersion.Current,
            typeof(ServerSettingsService).Assembly.GetName().Version?.ToString() ?? "0.0.0",
            settings.RegistrationMode,
            (int)_options.Auth.AccessTokenLifetime.TotalSeconds,
            (int)_options.Gateway.ResumeWindow.TotalSeconds,
            _options.Gifs.Enabled,
            _options.LinkPreviews.Enabled,
            _options.Attachments.MaxAttachmentBytes,
            SetupRequired: !claimed,
            Banner: banner,
            CommunityCreation: settings.CommunityCreation);
    }

    /// <summary>Refuses a community the policy or the per-user limit does not allow (administrators are never limited).</summary>
    public async Task RequireMayCreateCommunityAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.IsInstanceAdmin)
        {
            return;
        }

        var settings = await GetAsync(cancellationToken).ConfigureAwait(false);
        if (settings.CommunityCreation == CommunityCreationPolicy.AdminsOnly)
        {
            throw Fail.Forbidden("On this server only administrators create communities; ask one to create it for you.");
        }

        if (settings.MaxCommunitiesPerUser is { } max &&
            await db.Communities.CountAsync(c => c.OwnerId == caller.UserId, cancellationToken).ConfigureAwait(false) >= max)
        {
            throw Fail.Code(ErrorCodes.CommunityLimitReached, 422, $"You already own {max} communities, the most this server allows; delete or hand one over first.");
        }
    }

    public async Task<RegistrationMode> RegistrationModeAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken).ConfigureAwait(false)).RegistrationMode;

    /// <summary>The per-user attachment quota in force, or <see langword="null"/> for unlimited.</summary>
    public async Task<long?> UserQuotaBytesAsync(CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken).ConfigureAwait(false)).UserQuotaBytes;

    /// <summary>Tells every user's connections what <c>GET /server</c> says now (<c>server_updated</c>, gateway.md).</summary>
    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var info = await GetServerInfoAsync(cancellationToken).ConfigureAwait(false);
        var users = await db.Users.AsNoTracking().Where(u => u.SuspendedAt == null).Select(u => u.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var batch in users.Chunk(1000))
        {
            await gateway.PublishToUsersAsync(batch, new ServerUpdatedEvent(info), cancellationToken).ConfigureAwait(false);
        }
    }

    private ServerSettings ToDto(ServerSettingsRow row) => new(
        row.RegistrationMode is { } mode ? (RegistrationMode)mode : _options.RegistrationMode,
        row.CommunityCreation is { } creation ? (CommunityCreationPolicy)creation : _options.CommunityCreation,
        row.MaxCommunitiesPerUser is { } max ? (max == 0 ? null : max) : _options.MaxCommunitiesPerUser,
        row.UserQuotaBytes is { } quota ? (quota == 0 ? null : quota) : _options.Attachments.UserQuotaBytes,
        row.BannerText is { } text ? new ServerBanner(text, (BannerLevel)row.BannerLevel, row.BannerExpiresAt) : null,
        row.UpdatedAt);

    private static string Wire<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
