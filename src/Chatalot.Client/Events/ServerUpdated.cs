namespace Chatalot.Client;

/// <summary>
/// An instance administrator changed the server's settings (<c>server_updated</c>): registration mode, community
/// creation policy or the announcement banner. <see cref="Server"/> is what <c>GET /server</c> answers now.
/// </summary>
public sealed record ServerUpdated : ChatalotEvent
{
    /// <summary>The server's public facts, with the banner in force (<see cref="Protocol.Accounts.ServerInfo.Banner"/>).</summary>
    public required Protocol.Accounts.ServerInfo Server { get; init; }

    /// <inheritdoc />
    public override string OrderingKey => "directory";
}
