namespace Chatalot.Protocol.Admin;

/// <summary>What an instance stores (<c>GET /admin/storage</c>). Sizes are bytes; the server only knows ciphertext sizes.</summary>
/// <param name="DatabaseBytes">The database's size on disk, or <see langword="null"/> when the server cannot tell cheaply.</param>
/// <param name="AttachmentBytes">Ciphertext bytes of all attachments (finished and in progress).</param>
/// <param name="Attachments">How many attachments.</param>
/// <param name="ProfileImageBytes">Bytes of avatars and banners.</param>
/// <param name="ProfileImages">How many avatars and banners.</param>
/// <param name="CustomEmojiBytes">Bytes of custom emoji images.</param>
/// <param name="Users">How many accounts.</param>
/// <param name="Communities">How many communities.</param>
/// <param name="Messages">How many messages (deleted ones awaiting their purge included).</param>
/// <param name="TopUsers">The users with the most attachment bytes, at most 10, largest first.</param>
/// <param name="TopCommunities">The communities with the most attachment bytes, at most 10, largest first.</param>
public sealed record StorageReport(
    long? DatabaseBytes,
    long AttachmentBytes,
    int Attachments,
    long ProfileImageBytes,
    int ProfileImages,
    long CustomEmojiBytes,
    int Users,
    int Communities,
    long Messages,
    IReadOnlyList<StorageUsageEntry> TopUsers,
    IReadOnlyList<StorageUsageEntry> TopCommunities);
