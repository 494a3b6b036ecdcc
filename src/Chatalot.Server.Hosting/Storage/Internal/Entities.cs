namespace Chatalot.Server.Hosting.Storage.Internal;

// Row types of the server's schema. Everything a client encrypts is stored as opaque bytes; the server has no
// column that could hold message plaintext.
#pragma warning disable CA1819 // byte[] properties are the natural shape of BLOB/bytea columns in EF Core.

internal sealed class UserRow
{
    public Guid Id { get; set; }
    public string Username { get; set; } = "";
    public string NormalizedUsername { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public int Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SuspendedAt { get; set; }
    public string? SuspensionReason { get; set; }
    public string? Bio { get; set; }
    public string? Pronouns { get; set; }
    public Guid? AvatarId { get; set; }
    public Guid? BannerId { get; set; }

    // The chosen status (PresenceStatus; null = never chosen, i.e. online) and custom status text.
    public int? Status { get; set; }
    public string? CustomStatusText { get; set; }
    public DateTimeOffset? CustomStatusExpiresAt { get; set; }

    // Set when the account was deleted (docs/articles/admin.md, "What deleting an account erases"): the row stays as
    // a tombstone so messages keep an author, with the name freed and every credential gone.
    public DateTimeOffset? DeletedAt { get; set; }

    // A bot account (Bots/Internal/BotService.cs): no password, signs in with its bot token only, never an owner.
    public bool IsBot { get; set; }
}

internal sealed class SessionRow
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string? DeviceName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }

    // The client address of the last login, refresh or gateway connect.
    public string? LastAddress { get; set; }
}

internal sealed class RefreshTokenRow
{
    public byte[] TokenHash { get; set; } = [];
    public Guid SessionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class RegistrationInviteRow
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public int? MaxUses { get; set; }
    public int Uses { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class UserBlockRow
{
    public Guid BlockerId { get; set; }
    public Guid BlockedId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class DeviceRow
{
    public Guid UserId { get; set; }
    public int DeviceId { get; set; }
    public byte[] IdentityKey { get; set; } = [];
    public string? Name { get; set; }
    public long SignedPrekeyId { get; set; }
    public byte[] SignedPrekey { get; set; } = [];
    public byte[] SignedPrekeySignature { get; set; } = [];
    public long LastResortKemId { get; set; }
    public byte[] LastResortKem { get; set; } = [];
    public byte[] LastResortKemSignature { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class OneTimePrekeyRow
{
    public Guid UserId { get; set; }
    public int DeviceId { get; set; }
    public int Kind { get; set; }
    public long KeyId { get; set; }
    public byte[] PublicKey { get; set; } = [];
    public byte[]? Signature { get; set; }
}

internal sealed class ToDeviceRow
{
    public Guid Id { get; set; }
    public Guid RecipientUserId { get; set; }
    public int RecipientDeviceId { get; set; }
    public Guid SenderUserId { get; set; }
    public int SenderDeviceId { get; set; }
    public byte[] Payload { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CommunityRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public Guid OwnerId { get; set; }
    public bool Discoverable { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The @everyone role's <see cref="Protocol.Roles.CommunityPermissions"/> (permissions.md §Roles).</summary>
    public long EveryonePermissions { get; set; } = (long)Protocol.Roles.CommunityPermissions.EveryoneDefault;
}

internal sealed class CommunityMemberRow
{
    public Guid CommunityId { get; set; }
    public Guid UserId { get; set; }
    public int Role { get; set; }
    public DateTimeOffset JoinedAt { get; set; }

    /// <summary>End of the member's time-out; in the past or null when not timed out.</summary>
    public DateTimeOffset? TimedOutUntil { get; set; }
}

internal sealed class CommunityBanRow
{
    public Guid CommunityId { get; set; }
    public Guid UserId { get; set; }
    public string? Reason { get; set; }
    public Guid BannedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class InviteRow
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public Guid CommunityId { get; set; }
    public Guid? GroupId { get; set; }
    public int? MaxUses { get; set; }
    public int Uses { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class GroupRow
{
    public Guid Id { get; set; }
    public Guid CommunityId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public int Visibility { get; set; }
    public bool Discoverable { get; set; }
    public Guid OwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class GroupMemberRow
{
    public Guid GroupId { get; set; }
    public Guid UserId { get; set; }
    public int Role { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
}

internal sealed class ChannelRow
{
    public Guid Id { get; set; }
    public int Type { get; set; }
    public Guid? CommunityId { get; set; }
    public Guid? GroupId { get; set; }
    public string? Name { get; set; }
    public string? Topic { get; set; }
    public bool ReadOnly { get; set; }
    public int SlowModeSeconds { get; set; }
    public bool Archived { get; set; }
    public int Position { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    // Days of history new members' devices may be given (content.md §6.2); 0 = off.
    public int HistoryDays { get; set; }

    // DM channels: the two participants, ordered (DmUserLow < DmUserHigh) so one pair maps to one row.
    public Guid? DmUserLow { get; set; }
    public Guid? DmUserHigh { get; set; }
}

internal sealed class MessageRow
{
    // Monotonic row number: the stable order for cursor pagination (ids are UUIDv7 too, but comparing GUIDs does
    // not translate the same way on every provider).
    public long Seq { get; set; }
    public Guid Id { get; set; }
    public Guid ChannelId { get; set; }
    public Guid SenderId { get; set; }
    public int SenderDeviceId { get; set; }
    public string IdempotencyKey { get; set; } = "";
    public byte[]? Envelope { get; set; }
    public Guid? ReplyToId { get; set; }

    // Plaintext on purpose (content.md §7): the server pages a thread and counts its replies.
    public Guid? ThreadRootId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    // Franking (crypto.md §14): the sender's commitment of the current body, the server's tag over it, and the tag's
    // key id. Null on messages stored before franking (they cannot be reported).
    public byte[]? FrankCommitment { get; set; }
    public byte[]? FrankTag { get; set; }
    public int? FrankKeyId { get; set; }
}

internal sealed class MessageEditRow
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }
    public byte[] Envelope { get; set; } = [];
    public DateTimeOffset EditedAt { get; set; }
}

// Which message is pinned where, by whom: metadata only, the pinned body stays in its (encrypted) message.
internal sealed class ChannelPinRow
{
    public Guid ChannelId { get; set; }
    public Guid MessageId { get; set; }
    public Guid PinnedBy { get; set; }
    public DateTimeOffset PinnedAt { get; set; }
}

// A user's read cursor in one channel, shared by their devices. LastReadSeq orders cursors (forward-only moves).
internal sealed class ReadStateRow
{
    public Guid UserId { get; set; }
    public Guid ChannelId { get; set; }
    public Guid LastReadMessageId { get; set; }
    public long LastReadSeq { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

// An encrypted file (rest.md §Attachments): only sizes, owner and digest; the bytes live in the blob store.
internal sealed class AttachmentRow
{
    public Guid Id { get; set; }
    public Guid UploaderId { get; set; }
    public Guid? ChannelId { get; set; }
    public Guid? CommunityId { get; set; }
    public long Length { get; set; }
    public long Offset { get; set; }
    public bool Completed { get; set; }
    public byte[]? Digest { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class MessageAttachmentRow
{
    public Guid MessageId { get; set; }
    public Guid AttachmentId { get; set; }
}

// The PostgreSQL blob store's chunks (ciphertext, at most 1 MiB each).
internal sealed class AttachmentChunkRow
{
    public Guid AttachmentId { get; set; }
    public long Offset { get; set; }
    public byte[] Data { get; set; } = [];
}

/// <summary>An avatar or banner image (server-visible, like names: permissions.md §Profiles).</summary>
internal sealed class ProfileImageRow
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public int Kind { get; set; }
    public string MediaType { get; set; } = "";
    public byte[] Data { get; set; } = [];
    public byte[] Sha256 { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CustomEmojiRow
{
    public Guid Id { get; set; }
    public Guid CommunityId { get; set; }
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "";
    public byte[] Data { get; set; } = [];
    public byte[] Sha256 { get; set; } = [];
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

// A verified abuse report (crypto.md §14.4): the revealed plaintext of one message, proven to be what its sender sent.
internal sealed class ReportRow
{
    public Guid Id { get; set; }
    public string Status { get; set; } = "";
    public Guid ReporterId { get; set; }
    public Guid SenderId { get; set; }
    public int SenderDeviceId { get; set; }
    public Guid MessageId { get; set; }
    public Guid ChannelId { get; set; }
    public Guid? CommunityId { get; set; }
    public string Reason { get; set; } = "";
    public string? Note { get; set; }
    public byte[] Plaintext { get; set; } = [];
    public DateTimeOffset SentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public Guid? ResolvedBy { get; set; }
}

// The instance's runtime settings (rest.md §Administration): one row, Id 1, seeded by the migration. A null column
// follows the server's options; 0 in a limit column means "unlimited" chosen by an administrator.
internal sealed class ServerSettingsRow
{
    public int Id { get; set; }
    public int? RegistrationMode { get; set; }
    public int? CommunityCreation { get; set; }
    public int? MaxCommunitiesPerUser { get; set; }
    public long? UserQuotaBytes { get; set; }
    public string? BannerText { get; set; }
    public int BannerLevel { get; set; }
    public DateTimeOffset? BannerExpiresAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public Guid? UpdatedBy { get; set; }

    // SHA-256 of the normalised setup code while the instance is unclaimed (never the code itself); null once claimed.
    public byte[]? SetupCodeHash { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
}

/// <summary>A custom community role (Roles/Internal); @everyone lives on <see cref="CommunityRow.EveryonePermissions"/>.</summary>
internal sealed class RoleRow
{
    public Guid Id { get; set; }
    public Guid CommunityId { get; set; }
    public string Name { get; set; } = "";
    public string? Color { get; set; }
    public int Position { get; set; }
    public long Permissions { get; set; }
    public bool Hoist { get; set; }
    public bool Mentionable { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class MemberRoleRow
{
    public Guid CommunityId { get; set; }
    public Guid UserId { get; set; }
    public Guid RoleId { get; set; }
}

/// <summary>Allow/deny flags of a role (or @everyone: the community's id) or a member, in one group or one channel (the scope).</summary>
internal sealed class PermissionOverrideRow
{
    /// <summary>The group or channel the override applies in (ids are unique across both).</summary>
    public Guid ScopeId { get; set; }
    public int TargetKind { get; set; }
    public Guid TargetId { get; set; }
    public Guid CommunityId { get; set; }
    public bool IsChannel { get; set; }
    public long Allow { get; set; }
    public long Deny { get; set; }
}

internal sealed class AuditLogRow
{
    /// <summary>Assigned by the database in commit order: the page cursor.</summary>
    public long Id { get; set; }
    public string Action { get; set; } = "";
    public Guid ActorId { get; set; }
    public Guid? CommunityId { get; set; }
    public Guid? TargetUserId { get; set; }
    public Guid? TargetId { get; set; }
    public string? Reason { get; set; }
    public string? Detail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
