namespace Chatalot.Protocol.Content;

/// <summary>The kinds of end-to-end to-device payloads (content.md §6; crypto.md §7.2).</summary>
public static class DevicePayloadKind
{
    /// <summary>The sender's channel chain: <see cref="DevicePayload.Distribution"/> for <see cref="DevicePayload.Conversation"/>.</summary>
    public const string SenderKey = "sender_key";

    /// <summary>Asks the recipient device for its chain <see cref="DevicePayload.ChainId"/> from <see cref="DevicePayload.Iteration"/>.</summary>
    public const string KeyRequest = "key_request";

    /// <summary>Answers a key request with a refusal and its <see cref="DevicePayload.Code"/>.</summary>
    public const string KeyWithheld = "key_withheld";

    /// <summary>
    /// The user saved <see cref="DevicePayload.Target"/> (with an optional <see cref="DevicePayload.Note"/>): sent only
    /// to the user's own other devices, so bookmarks stay end to end encrypted to the user (content.md §6.3).
    /// </summary>
    public const string BookmarkAdd = "bookmark_add";

    /// <summary>The user removed the bookmark of <see cref="DevicePayload.Target"/>.</summary>
    public const string BookmarkRemove = "bookmark_remove";

    /// <summary>
    /// A new device of the user asks the user's other devices for every bookmark change they hold; each answers with
    /// its <see cref="BookmarkAdd"/> and <see cref="BookmarkRemove"/> payloads, to that device only (content.md §6.3).
    /// <see cref="DevicePayload.Conversation"/> names no conversation: a DM reference with the empty id.
    /// </summary>
    public const string BookmarkSyncRequest = "bookmark_sync_request";

    /// <summary>
    /// WebRTC signalling for a call in <see cref="DevicePayload.Conversation"/> (a voice channel or a DM):
    /// <see cref="DevicePayload.Call"/> (calls.md §3). Sent as an ephemeral to-device message: it is never stored.
    /// </summary>
    public const string CallSignal = "call_signal";
}
