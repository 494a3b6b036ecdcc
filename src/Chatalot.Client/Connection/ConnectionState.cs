namespace Chatalot.Client;

/// <summary>The state of the client's gateway connection.</summary>
public enum ConnectionState
{
    /// <summary>Not connected and not trying to (initial state, or after <c>DisconnectAsync</c>).</summary>
    Disconnected = 0,

    /// <summary>Opening the first connection and authenticating.</summary>
    Connecting = 1,

    /// <summary>Authenticated; events flow.</summary>
    Connected = 2,

    /// <summary>The connection dropped; the client is waiting to reconnect, then resumes or re-syncs.</summary>
    Reconnecting = 3,

    /// <summary>Closed for good: disposed, the session was revoked, or the reconnect policy gave up.</summary>
    Closed = 4,
}
