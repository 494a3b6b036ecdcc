namespace Chatalot.Client;

/// <summary>
/// Stable error codes raised by the client itself (errors returned by the server keep the server's code).
/// Documented in <c>docs/articles/client.md</c>; never renamed once shipped.
/// </summary>
public static class ClientErrorCodes
{
    /// <summary>The store key or passphrase does not open this database.</summary>
    public const string StoreKeyMismatch = "store_key_mismatch";

    /// <summary>A stored record failed authentication: the file was tampered with or records were swapped.</summary>
    public const string StoreRecordCorrupt = "store_record_corrupt";

    /// <summary>The database was written by an unknown (newer) store format.</summary>
    public const string StoreUnsupportedFormat = "store_unsupported_format";

    /// <summary>The store was used after it was disposed.</summary>
    public const string StoreClosed = "store_closed";

    /// <summary>The reconnect policy gave up after its maximum number of attempts.</summary>
    public const string ReconnectExhausted = "reconnect_exhausted";

    /// <summary>The server closed the gateway for good (session revoked, account suspended).</summary>
    public const string ConnectionTerminated = "connection_terminated";

    /// <summary>The client was used before it connected, or after it was disposed.</summary>
    public const string NotConnected = "not_connected";

    /// <summary>A response from the server could not be understood.</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>A device's identity key changed and the policy blocks it until <c>AcceptIdentityAsync</c>.</summary>
    public const string IdentityNotAccepted = "identity_not_accepted";

    /// <summary>The content to send breaks a rule of content.md (see the message for which).</summary>
    public const string InvalidContent = "invalid_content";

    /// <summary>The first gateway connection failed (refused, unreachable, not a Chatalot gateway): <c>ConnectAsync</c> does not retry it.</summary>
    public const string GatewayUnreachable = "gateway_unreachable";

    /// <summary>A REST request found no server (refused, unresolvable, or no answer within the request timeout); the call can be retried.</summary>
    public const string ServerUnreachable = "server_unreachable";

    /// <summary>A reaction would be a new emoji on a message that already shows the most different reactions (20).</summary>
    public const string ReactionLimit = "reaction_limit";

    /// <summary>A vote on a poll this client knows is closed (by its author or its end time).</summary>
    public const string PollClosed = "poll_closed";

    /// <summary>This client does not hold the message's content (to forward it): it was never seen here, or was forgotten.</summary>
    public const string MessageUnknown = "message_unknown";

    /// <summary>A search query (or its paging cursor) is malformed: <c>SearchQueryException.Error</c> says how.</summary>
    public const string InvalidSearchQuery = "invalid_search_query";

    /// <summary>
    /// A downloaded attachment does not verify (crypto.md §8): a chunk does not authenticate, the file is truncated or
    /// extended, or its digest or length differs from the reference. Discard whatever plaintext was read before it.
    /// </summary>
    public const string AttachmentIntegrity = "attachment_integrity";

    /// <summary>An upload or download kept failing (dropped connections, timeouts, server errors) after its retries; nothing was sent as a message.</summary>
    public const string TransferFailed = "transfer_failed";

    /// <summary>The stream given to an upload held more or fewer bytes than its declared length.</summary>
    public const string AttachmentLengthMismatch = "attachment_length_mismatch";

    /// <summary>
    /// This device is not (or no longer) in the account's signed device list (crypto.md §15): link it from another device,
    /// restore it with the recovery key, or reset the account identity (<see cref="DeviceClient"/>).
    /// </summary>
    public const string DeviceNotLinked = "device_not_linked";

    /// <summary>The recovery key is not the one the account's backup was made with, or the account has no backup.</summary>
    public const string WrongRecoveryKey = "wrong_recovery_key";

    /// <summary>A device link failed: declined on a device, expired, or its payload did not check out (crypto.md §15.4).</summary>
    public const string DeviceLinkFailed = "device_link_failed";

    /// <summary>A call action that needs this device in a call (or in that call, or a participant of it) when it is not (calls.md §3).</summary>
    public const string NotInCall = "not_in_call";
}
