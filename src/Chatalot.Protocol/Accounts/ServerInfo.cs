namespace Chatalot.Protocol.Accounts;

/// <summary>Public facts about an instance, from <c>GET /api/v1/server</c>.</summary>
/// <param name="ProtocolVersion">The wire protocol version (<see cref="Protocol.ProtocolVersion.Current"/>).</param>
/// <param name="ServerVersion">The server build version.</param>
/// <param name="RegistrationMode">Who may register.</param>
/// <param name="AccessTokenLifetimeSeconds">How long access tokens live.</param>
/// <param name="GatewayResumeWindowSeconds">How long a dropped gateway session can be resumed.</param>
/// <param name="GifsEnabled">Whether the GIF search proxy is configured (clients hide their picker otherwise).</param>
/// <param name="LinkPreviewsEnabled">Whether the server fetches links for the sender's previews.</param>
/// <param name="MaxAttachmentBytes">The largest attachment the server accepts, in plaintext bytes; 0 when unknown (an older server).</param>
/// <param name="SetupRequired">The instance is not claimed yet: only a registration that presents the setup code printed on the server's console (<see cref="RegisterRequest.SetupCode"/>) is accepted, and it becomes the owner.</param>
/// <param name="Banner">The announcement banner to show every user, or <see langword="null"/> when none is set or it expired.</param>
/// <param name="CommunityCreation">Who may create communities.</param>
public sealed record ServerInfo(
    int ProtocolVersion,
    string ServerVersion,
    RegistrationMode RegistrationMode,
    int AccessTokenLifetimeSeconds,
    int GatewayResumeWindowSeconds,
    bool GifsEnabled = false,
    bool LinkPreviewsEnabled = false,
    long MaxAttachmentBytes = 0,
    bool SetupRequired = false,
    Admin.ServerBanner? Banner = null,
    Admin.CommunityCreationPolicy CommunityCreation = Admin.CommunityCreationPolicy.Everyone);
