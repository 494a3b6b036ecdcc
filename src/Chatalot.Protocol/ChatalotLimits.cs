namespace Chatalot.Protocol;

/// <summary>
/// Limits shared by client and server. The server rejects anything outside them with a
/// <see cref="Errors.ErrorCodes.ValidationFailed"/> or <see cref="Errors.ErrorCodes.PayloadTooLarge"/> error;
/// clients check them first to fail fast. Documented in <c>docs/protocol/rest.md</c> §Limits.
/// </summary>
public static class ChatalotLimits
{
    /// <summary>Shortest user name.</summary>
    public const int UsernameMinLength = 3;

    /// <summary>Longest user name.</summary>
    public const int UsernameMaxLength = 32;

    /// <summary>Longest display name, nickname, community, group or channel name.</summary>
    public const int NameMaxLength = 64;

    /// <summary>Shortest password.</summary>
    public const int PasswordMinLength = 8;

    /// <summary>Longest password (longer inputs would only burn hashing time).</summary>
    public const int PasswordMaxLength = 128;

    /// <summary>Longest community or group description.</summary>
    public const int DescriptionMaxLength = 2048;

    /// <summary>Longest channel topic.</summary>
    public const int TopicMaxLength = 512;

    /// <summary>Longest device or session name.</summary>
    public const int DeviceNameMaxLength = 64;

    /// <summary>Longest moderation reason (ban, suspension).</summary>
    public const int ReasonMaxLength = 500;

    /// <summary>Largest encoded message envelope, in bytes (sum of every ciphertext it holds).</summary>
    public const int MessageEnvelopeMaxBytes = 64 * 1024;

    /// <summary>Most per-device ciphertexts in one direct-message envelope.</summary>
    public const int MessageEnvelopeMaxDevices = 256;

    /// <summary>Largest to-device payload, in bytes.</summary>
    public const int ToDevicePayloadMaxBytes = 64 * 1024;

    /// <summary>Most to-device messages in one send request.</summary>
    public const int ToDeviceBatchMaxMessages = 256;

    /// <summary>Most participants in one voice channel or DM call (a full mesh; calls.md §1).</summary>
    public const int VoiceMaxParticipants = 25;

    /// <summary>Most participants of one voice channel with the camera or a screen share on at once.</summary>
    public const int VoiceMaxVideoParticipants = 8;

    /// <summary>Longest session description in a call signal.</summary>
    public const int CallSdpMaxLength = 32 * 1024;

    /// <summary>Most ICE candidates in one call signal.</summary>
    public const int CallCandidatesMax = 64;

    /// <summary>Longest ICE candidate line.</summary>
    public const int CallCandidateMaxLength = 512;

    /// <summary>Longest client-chosen idempotency key.</summary>
    public const int IdempotencyKeyMaxLength = 64;

    /// <summary>Largest REST request body, in bytes.</summary>
    public const int RequestBodyMaxBytes = 512 * 1024;

    /// <summary>Largest gateway frame a client may send, in bytes.</summary>
    public const int GatewayFrameMaxBytes = 128 * 1024;

    /// <summary>Default page size of paginated lists.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Largest page of messages.</summary>
    public const int MessagePageMaxSize = 100;

    /// <summary>Largest page of members.</summary>
    public const int MemberPageMaxSize = 500;

    /// <summary>Most one-time prekeys (of each kind) in one upload.</summary>
    public const int PrekeyUploadMaxCount = 200;

    /// <summary>When a device has fewer unused one-time prekeys than this, the server signals it.</summary>
    public const int PrekeyLowThreshold = 25;

    /// <summary>Largest accepted public key (ML-KEM-1024 encapsulation keys are 1568 bytes plus a type byte).</summary>
    public const int PublicKeyMaxBytes = 1600;

    /// <summary>Ed25519 identity key length.</summary>
    public const int IdentityKeyBytes = 32;

    /// <summary>Ed25519 signature length.</summary>
    public const int SignatureBytes = 64;

    /// <summary>Highest device id (device ids are positive 32-bit integers).</summary>
    public const int DeviceIdMax = int.MaxValue;

    /// <summary>Longest slow mode, in seconds.</summary>
    public const int SlowModeMaxSeconds = 86_400;

    /// <summary>Longest invite lifetime, in hours.</summary>
    public const int InviteMaxExpiryHours = 8_760;

    /// <summary>Length of invite codes.</summary>
    public const int InviteCodeLength = 12;

    /// <summary>Most channels a gateway connection may subscribe to.</summary>
    public const int GatewayMaxSubscriptions = 1_000;

    /// <summary>Most channel ids in one subscribe or unsubscribe frame.</summary>
    public const int GatewaySubscribeBatchMax = 100;

    /// <summary>Most UTF-16 characters in a message's Markdown text (content.md §3).</summary>
    public const int ContentTextMaxLength = 4_000;

    /// <summary>Most users mentioned by one message.</summary>
    public const int ContentMentionsMax = 100;

    /// <summary>Most attachments on one message.</summary>
    public const int ContentAttachmentsMax = 10;

    /// <summary>Most characters in a reaction (an emoji sequence or a <c>:shortcode:</c>).</summary>
    public const int ReactionMaxLength = 64;

    /// <summary>Most distinct reactions (emoji) one message shows; clients ignore reactions past it (content.md §3.4).</summary>
    public const int ReactionsPerMessageMax = 20;

    /// <summary>Most characters in a bookmark's note (content.md §6.3).</summary>
    public const int BookmarkNoteMaxLength = 500;

    /// <summary>Most characters in a poll question.</summary>
    public const int PollQuestionMaxLength = 300;

    /// <summary>Most characters in one poll answer.</summary>
    public const int PollOptionMaxLength = 100;

    /// <summary>Fewest answers in a poll.</summary>
    public const int PollOptionsMin = 2;

    /// <summary>Most answers in a poll.</summary>
    public const int PollOptionsMax = 10;

    /// <summary>Most bytes of an inline attachment thumbnail.</summary>
    public const int ThumbnailMaxBytes = 16 * 1024;

    /// <summary>Link previews per message.</summary>
    public const int LinkPreviewsMax = 3;

    /// <summary>Longest previewed URL.</summary>
    public const int LinkPreviewUrlMaxLength = 2048;

    /// <summary>Longest link preview title.</summary>
    public const int LinkPreviewTitleMaxLength = 300;

    /// <summary>Longest link preview description.</summary>
    public const int LinkPreviewDescriptionMaxLength = 1000;

    /// <summary>Longest link preview site name.</summary>
    public const int LinkPreviewSiteNameMaxLength = 100;

    /// <summary>Most characters in an attachment's file name.</summary>
    public const int AttachmentNameMaxLength = 255;

    /// <summary>Most characters in a media type.</summary>
    public const int MediaTypeMaxLength = 127;

    /// <summary>Most pinned messages in one channel.</summary>
    public const int PinsPerChannelMax = 50;

    /// <summary>Largest page of a channel's thread list.</summary>
    public const int ThreadPageMaxSize = 50;

    /// <summary>Most users one user search answers.</summary>
    public const int UserSearchMaxResults = 25;

    /// <summary>Highest channel position.</summary>
    public const int ChannelPositionMax = 10_000;

    /// <summary>Most characters in a profile bio.</summary>
    public const int BioMaxLength = 190;

    /// <summary>Most characters in a profile's pronouns.</summary>
    public const int PronounsMaxLength = 40;

    /// <summary>Most characters in a custom status text.</summary>
    public const int CustomStatusMaxLength = 128;

    /// <summary>Shortest custom emoji name (names are <c>[a-z0-9_]</c>).</summary>
    public const int EmojiNameMinLength = 2;

    /// <summary>Longest custom emoji name.</summary>
    public const int EmojiNameMaxLength = 32;

    /// <summary>Longest note on an abuse report, in characters.</summary>
    public const int ReportNoteMaxLength = 1000;

    /// <summary>Longest announcement banner text (<c>PATCH /admin/settings</c>).</summary>
    public const int BannerMaxLength = 500;

    /// <summary>Largest <c>max_communities_per_user</c> an administrator may set.</summary>
    public const int MaxCommunitiesPerUserMax = 10000;

    /// <summary>Most users one <c>GET /admin/users</c> page returns.</summary>
    public const int AdminUserPageMax = 200;

    /// <summary>Days resolved and dismissed abuse reports are kept (crypto.md §14.5); open ones stay until handled.</summary>
    public const int ReportRetentionDays = 90;

    /// <summary>Most custom roles per community (the @everyone role not counted).</summary>
    public const int RolesPerCommunityMax = 250;

    /// <summary>Longest role name.</summary>
    public const int RoleNameMaxLength = 100;

    /// <summary>Longest time-out, in days.</summary>
    public const int TimeoutMaxDays = 28;

    /// <summary>Most hours of a banned user's messages a ban may delete (<c>delete_message_hours</c>).</summary>
    public const int BanDeleteMessageHoursMax = 168;

    /// <summary>Most messages one bulk delete takes.</summary>
    public const int BulkDeleteMax = 100;

    /// <summary>Days audit-log entries are kept.</summary>
    public const int AuditLogRetentionDays = 90;

    /// <summary>Most audit-log entries one page returns (the default is 50).</summary>
    public const int AuditLogPageMax = 200;

    /// <summary>Backup codes issued when two-factor sign-in is turned on (or the codes are regenerated); each works once.</summary>
    public const int BackupCodeCount = 10;

    /// <summary>Minutes a device link (crypto.md §15.4) lives after the new device asks; then it is gone.</summary>
    public const int DeviceLinkLifetimeMinutes = 10;

    /// <summary>Most device links one account has pending (not approved, declined or expired) at once.</summary>
    public const int DeviceLinksPendingMax = 5;

    /// <summary>Length of a device link's commitment, ephemeral X25519 key and responder key: 32 bytes.</summary>
    public const int DeviceLinkKeyBytes = 32;

    /// <summary>Length of a device link's ephemeral ML-KEM-768 public key: 1,184 bytes.</summary>
    public const int DeviceLinkKemKeyBytes = 1184;

    /// <summary>Fewest bytes of a device link's sealed payload: the ML-KEM-768 ciphertext (1,088) and the AEAD tag (16).</summary>
    public const int DeviceLinkSealedMinBytes = 1088 + 16;

    /// <summary>Most bytes of a device link's sealed payload.</summary>
    public const int DeviceLinkSealedMaxBytes = 64 * 1024;

    /// <summary>Length of a key backup's key id (crypto.md §15.5): 16 bytes.</summary>
    public const int KeyBackupKeyIdBytes = 16;

    /// <summary>Longest key backup entry name (<c>[a-z0-9:/._-]</c>, at least one character).</summary>
    public const int KeyBackupEntryNameMaxLength = 200;

    /// <summary>Most bytes of one sealed key backup entry.</summary>
    public const int KeyBackupEntryMaxBytes = 64 * 1024;

    /// <summary>Most entries one account's key backup holds.</summary>
    public const int KeyBackupEntriesMax = 10_000;

    /// <summary>Most bytes of sealed entries one account's key backup holds.</summary>
    public const int KeyBackupMaxBytes = 16 * 1024 * 1024;

    /// <summary>Most days a channel's <c>history_days</c> lets new members read back (content.md §6.2).</summary>
    public const int ChannelHistoryMaxDays = 365;
}
