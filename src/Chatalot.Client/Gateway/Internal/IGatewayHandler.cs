using Chatalot.Protocol.Gateway;

namespace Chatalot.Client.Gateway.Internal;

/// <summary>What the gateway client reports to its owner.</summary>
internal interface IGatewayHandler
{
    /// <summary>A server event, in sequence order, exactly once per gateway session. Must not block (enqueue and return).</summary>
    void OnEvent(ServerEvent serverEvent);

    /// <summary>A reply frame (message_sent, error, subscribed…). Must not block.</summary>
    void OnReply(ServerFrame frame);

    /// <summary>
    /// A gateway session is ready. <paramref name="resumed"/> is true when the previous session resumed (nothing was
    /// missed); otherwise it is a fresh session and <paramref name="mustResync"/> says whether events may have been
    /// missed (a refused resume), so the owner must catch up over REST.
    /// </summary>
    Task OnSessionStartedAsync(bool resumed, bool mustResync, CancellationToken cancellationToken);
}
