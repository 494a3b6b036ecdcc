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

    /// <summary>Who may register. Default: <see cref="RegistrationMode.InviteOnly"/> (the first user always may).</summary>
    public RegistrationMode RegistrationMode { get; init; } = RegistrationMode.InviteOnly;

    /// <summary>How long soft-deleted messages keep their row (without body) before being purged.</summary>
    public TimeSpan DeletedMessageRetention { get; init; } = TimeSpan.FromDays(30);

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

        if (DeletedMessageRetention < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Chatalot:DeletedMessageRetention must not be negative.");
        }

        Database.Validate();
        Auth.Validate();
        Gateway.Validate();
        RateLimits.Validate();
        LinkPreviews.Validate();
        Gifs.Validate();
        Attachments.Validate(Database);
    }
}
