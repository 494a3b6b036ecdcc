using Chatalot.Protocol.Accounts;

namespace Chatalot.Server.Hosting;

/// <summary>
/// Settings of an embedded Chatalot server, bound from the <c>Chatalot</c> configuration section
/// (for example <c>Chatalot__Registration__Mode=open</c> as an environment variable).
/// </summary>
public sealed record ChatalotServerOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Chatalot";

    /// <summary>The folder that holds the embedded SQLite database, the token signing key and other local state.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>Database settings (SQLite by default, PostgreSQL by connection string).</summary>
    public ChatalotDatabaseOptions Database { get; init; } = new();

    /// <summary>Registration, password hashing, tokens and lockout.</summary>
    public ChatalotAuthOptions Auth { get; init; } = new();

    /// <summary>Gateway (WebSocket) settings.</summary>
    public ChatalotGatewayOptions Gateway { get; init; } = new();

    /// <summary>Request rate limits.</summary>
    public ChatalotRateLimitOptions RateLimits { get; init; } = new();

    /// <summary>Link previews fetched for senders (off by default).</summary>
    public ChatalotLinkPreviewOptions LinkPreviews { get; init; } = new();

    /// <summary>The GIF search proxy (no provider by default).</summary>
    public ChatalotGifOptions Gifs { get; init; } = new();
    /// <summary>Encrypted attachments: size limit, quotas, orphan clean-up and where the bytes are kept.</summary>
    public ChatalotAttachmentOptions Attachments { get; init; } = new();

    /// <summary>Profile image and custom emoji limits.</summary>
    public ChatalotProfileOptions Profiles { get; init; } = new();

    /// <summary>Voice channels and DM calls: STUN and TURN servers, TURN credentials, the reconnect grace period.</summary>
    public ChatalotVoiceOptions Voice { get; init; } = new();

    /// <summary>Several nodes as one cluster: Redis for fan-out and shared state (off by default; see docs/articles/scaling.md).</summary>
    public ChatalotScaleOutOptions ScaleOut { get; init; } = new();

    /// <summary>
    /// Who may register until an administrator changes it (<c>PATCH /admin/settings</c>). Default:
    /// <see cref="RegistrationMode.InviteOnly"/>. It applies once the instance is claimed: before that only the
    /// registration presenting the setup code is accepted, and it becomes the owner.
    /// </summary>
    public RegistrationMode RegistrationMode { get; init; } = RegistrationMode.InviteOnly;

    /// <summary>
    /// Who may create communities until an administrator changes it (<c>PATCH /admin/settings</c>). Default:
    /// <see cref="Protocol.Admin.CommunityCreationPolicy.Everyone"/>.
    /// </summary>
    public Protocol.Admin.CommunityCreationPolicy CommunityCreation { get; init; } = Protocol.Admin.CommunityCreationPolicy.Everyone;

    /// <summary>
    /// How many communities one user may own until an administrator changes it; <see langword="null"/> (the default)
    /// means unlimited. Administrators are never limited.
    /// </summary>
    public int? MaxCommunitiesPerUser { get; init; }

    /// <summary>
    /// A preset one-time setup code for claiming a fresh instance (automation, tests), instead of the random one the
    /// server prints on its console at every start while unclaimed. 12-64 characters of letters, digits and hyphens;
    /// hyphens and case do not matter. Void once the owner account exists. Never printed by <see cref="ToString"/>.
    /// </summary>
    public string? SetupCode { get; init; }

    /// <summary>How long soft-deleted messages keep their row (without body) before being purged.</summary>
    public TimeSpan DeletedMessageRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long a direct invite (an invite of a named user) stays pending unless answered. Default 7 days; 1 minute to 365 days.</summary>
    public TimeSpan DirectInviteLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Checks that the options describe a usable server.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new InvalidOperationException("Chatalot:DataDirectory must name a folder.");
        }

        if (!Enum.IsDefined(RegistrationMode))
        {
            throw new InvalidOperationException("Chatalot:RegistrationMode must be open, invite_only or closed.");
        }

        if (!Enum.IsDefined(CommunityCreation))
        {
            throw new InvalidOperationException("Chatalot:CommunityCreation must be everyone or admins_only.");
        }

        if (MaxCommunitiesPerUser is < 1 or > Protocol.ChatalotLimits.MaxCommunitiesPerUserMax)
        {
            throw new InvalidOperationException($"Chatalot:MaxCommunitiesPerUser must be 1-{Protocol.ChatalotLimits.MaxCommunitiesPerUserMax} (leave it out for unlimited).");
        }

        if (SetupCode is not null && !Admin.Internal.SetupCodes.IsWellFormed(SetupCode))
        {
            throw new InvalidOperationException("Chatalot:SetupCode must be 12-64 letters, digits and hyphens.");
        }

        if (DeletedMessageRetention < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Chatalot:DeletedMessageRetention must not be negative.");
        }

        if (DirectInviteLifetime < TimeSpan.FromMinutes(1) || DirectInviteLifetime > TimeSpan.FromDays(365))
        {
            throw new InvalidOperationException("Chatalot:DirectInviteLifetime must be between 1 minute and 365 days.");
        }

        Database.Validate();
        Auth.Validate();
        Gateway.Validate();
        RateLimits.Validate();
        LinkPreviews.Validate();
        Gifs.Validate();
        Attachments.Validate(Database);

        Profiles.Validate();
        Voice.Validate();
        ScaleOut.Validate();
        if (ScaleOut.Enabled && Database.Provider != ChatalotDatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException("Chatalot:ScaleOut needs Chatalot:Database:Provider PostgreSql: every node must share one database.");
        }
    }

    // Records print every member; the setup code is a secret, so it is masked (the other members print as usual).
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        var first = true;
        foreach (var property in typeof(ChatalotServerOptions).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            builder.Append(first ? "" : ", ").Append(property.Name).Append(" = ");
            builder.Append(property.Name == nameof(SetupCode) ? (SetupCode is null ? "" : "***") : property.GetValue(this));
            first = false;
        }

        return true;
    }
}
