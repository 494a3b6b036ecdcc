using Chatalot.Protocol.Accounts;

namespace Chatalot.Protocol.Gateway;

/// <summary>
/// An instance administrator changed the server's settings (registration mode, the announcement banner...); sent to
/// every connected user.
/// </summary>
/// <param name="Server">What <c>GET /server</c> answers now.</param>
public sealed record ServerUpdatedEvent(ServerInfo Server) : ServerEvent;
