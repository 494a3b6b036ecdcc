using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Storage.Internal;

/// <summary>
/// The server's schema. One subclass per provider (<see cref="SqliteChatalotDbContext"/>,
/// <see cref="PostgresChatalotDbContext"/>) carries that provider's migrations; the model is shared.
/// </summary>
internal abstract partial class ChatalotDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<UserRow> Users => Set<UserRow>();
    public DbSet<SessionRow> Sessions => Set<SessionRow>();
    public DbSet<RefreshTokenRow> RefreshTokens => Set<RefreshTokenRow>();
    public DbSet<RegistrationInviteRow> RegistrationInvites => Set<RegistrationInviteRow>();
    public DbSet<UserBlockRow> UserBlocks => Set<UserBlockRow>();
    public DbSet<DeviceRow> Devices => Set<DeviceRow>();
    public DbSet<OneTimePrekeyRow> OneTimePrekeys => Set<OneTimePrekeyRow>();
    public DbSet<ToDeviceRow> ToDeviceMessages => Set<ToDeviceRow>();
    public DbSet<CommunityRow> Communities => Set<CommunityRow>();
    public DbSet<CommunityMemberRow> CommunityMembers => Set<CommunityMemberRow>();
    public DbSet<CommunityBanRow> CommunityBans => Set<CommunityBanRow>();
    public DbSet<InviteRow> Invites => Set<InviteRow>();
    public DbSet<GroupRow> Groups => Set<GroupRow>();
    public DbSet<GroupMemberRow> GroupMembers => Set<GroupMemberRow>();
    public DbSet<ChannelRow> Channels => Set<ChannelRow>();
    public DbSet<MessageRow> Messages => Set<MessageRow>();
    public DbSet<MessageEditRow> MessageEdits => Set<MessageEditRow>();
    public DbSet<ChannelPinRow> ChannelPins => Set<ChannelPinRow>();
    public DbSet<ReadStateRow> ReadStates => Set<ReadStateRow>();
    public DbSet<AttachmentRow> Attachments => Set<AttachmentRow>();
    public DbSet<MessageAttachmentRow> MessageAttachments => Set<MessageAttachmentRow>();
    public DbSet<AttachmentChunkRow> AttachmentChunks => Set<AttachmentChunkRow>();
    public DbSet<ProfileImageRow> ProfileImages => Set<ProfileImageRow>();
    public DbSet<CustomEmojiRow> CustomEmoji => Set<CustomEmojiRow>();
    public DbSet<ReportRow> Reports => Set<ReportRow>();
    public DbSet<Security.Internal.UserSecurityRow> UserSecurity => Set<Security.Internal.UserSecurityRow>();
    public DbSet<Security.Internal.BackupCodeRow> BackupCodes => Set<Security.Internal.BackupCodeRow>();
    public DbSet<ServerSettingsRow> ServerSettings => Set<ServerSettingsRow>();
    public DbSet<AuditLogRow> AuditLog => Set<AuditLogRow>();

    public DbSet<RoleRow> Roles => Set<RoleRow>();

    public DbSet<MemberRoleRow> MemberRoles => Set<MemberRoleRow>();

    public DbSet<PermissionOverrideRow> PermissionOverrides => Set<PermissionOverrideRow>();

    public DbSet<global::Chatalot.Server.Hosting.Bots.Internal.BotRow> Bots => Set<global::Chatalot.Server.Hosting.Bots.Internal.BotRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        OnRolesModelCreating(modelBuilder);
        OnInvitationsModelCreating(modelBuilder);
        OnBotCommandsModelCreating(modelBuilder);
        OnDevicesModelCreating(modelBuilder);
        modelBuilder.Entity<UserRow>(e =>
        {
            e.ToTable("users");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.NormalizedUsername).IsUnique();
            // At most one instance owner, even if the first two registrations race (role 2 = owner).
            e.HasIndex(x => x.Role).IsUnique().HasFilter("\"Role\" = 2").HasDatabaseName("IX_users_single_owner");
            e.Property(x => x.Username).HasMaxLength(32);
            e.Property(x => x.NormalizedUsername).HasMaxLength(32);
            e.Property(x => x.DisplayName).HasMaxLength(64);
            e.Property(x => x.PasswordHash).HasMaxLength(256);
            e.Property(x => x.SuspensionReason).HasMaxLength(500);
            e.Property(x => x.Bio).HasMaxLength(Protocol.ChatalotLimits.BioMaxLength);
            e.Property(x => x.Pronouns).HasMaxLength(Protocol.ChatalotLimits.PronounsMaxLength);
            e.Property(x => x.CustomStatusText).HasMaxLength(Protocol.ChatalotLimits.CustomStatusMaxLength);
        });
        modelBuilder.Entity<SessionRow>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.UserId);
            e.Property(x => x.DeviceName).HasMaxLength(64);
            e.Property(x => x.RevokedReason).HasMaxLength(64);
            e.Property(x => x.LastAddress).HasMaxLength(64);
        });
        modelBuilder.Entity<RefreshTokenRow>(e =>
        {
            e.ToTable("refresh_tokens");
            e.HasKey(x => x.TokenHash);
            e.HasIndex(x => x.SessionId);
        });
        modelBuilder.Entity<RegistrationInviteRow>(e =>
        {
            e.ToTable("registration_invites");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(32);
        });
        modelBuilder.Entity<UserBlockRow>(e =>
        {
            e.ToTable("user_blocks");
            e.HasKey(x => new { x.BlockerId, x.BlockedId });
        });
        modelBuilder.Entity<DeviceRow>(e =>
        {
            e.ToTable("devices");
            e.HasKey(x => new { x.UserId, x.DeviceId });
            e.Property(x => x.Name).HasMaxLength(64);
        });
        modelBuilder.Entity<OneTimePrekeyRow>(e =>
        {
            e.ToTable("one_time_prekeys");
            e.HasKey(x => new { x.UserId, x.DeviceId, x.Kind, x.KeyId });
        });
        modelBuilder.Entity<ToDeviceRow>(e =>
        {
            e.ToTable("to_device_messages");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.RecipientUserId, x.RecipientDeviceId, x.CreatedAt });
        });
        modelBuilder.Entity<CommunityRow>(e =>
        {
            e.ToTable("communities");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Description).HasMaxLength(2048);
        });
        modelBuilder.Entity<CommunityMemberRow>(e =>
        {
            e.ToTable("community_members");
            e.HasKey(x => new { x.CommunityId, x.UserId });
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<CommunityBanRow>(e =>
        {
            e.ToTable("community_bans");
            e.HasKey(x => new { x.CommunityId, x.UserId });
            e.Property(x => x.Reason).HasMaxLength(500);
        });
        modelBuilder.Entity<InviteRow>(e =>
        {
            e.ToTable("invites");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Code).IsUnique();
            e.HasIndex(x => x.CommunityId);
            e.Property(x => x.Code).HasMaxLength(32);
        });
        modelBuilder.Entity<GroupRow>(e =>
        {
            e.ToTable("groups");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CommunityId);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Description).HasMaxLength(2048);
        });
        modelBuilder.Entity<GroupMemberRow>(e =>
        {
            e.ToTable("group_members");
            e.HasKey(x => new { x.GroupId, x.UserId });
            e.HasIndex(x => x.UserId);
        });
        modelBuilder.Entity<ChannelRow>(e =>
        {
            e.ToTable("channels");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.GroupId);
            e.HasIndex(x => new { x.DmUserLow, x.DmUserHigh }).IsUnique();
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Topic).HasMaxLength(512);
        });
        modelBuilder.Entity<MessageRow>(e =>
        {
            e.ToTable("messages");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).ValueGeneratedOnAdd();
            e.HasIndex(x => x.Id).IsUnique();
            e.HasIndex(x => new { x.ChannelId, x.Seq });
            e.HasIndex(x => new { x.ChannelId, x.SenderId, x.IdempotencyKey }).IsUnique();
            e.HasIndex(x => x.DeletedAt);
            e.HasIndex(x => new { x.ThreadRootId, x.Seq });
            e.Property(x => x.IdempotencyKey).HasMaxLength(64);
        });
        modelBuilder.Entity<MessageEditRow>(e =>
        {
            e.ToTable("message_edits");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.MessageId);
        });
        modelBuilder.Entity<ChannelPinRow>(e =>
        {
            e.ToTable("channel_pins");
            e.HasKey(x => new { x.ChannelId, x.MessageId });
            e.HasIndex(x => x.MessageId);
        });
        modelBuilder.Entity<ReadStateRow>(e =>
        {
            e.ToTable("read_states");
            e.HasKey(x => new { x.UserId, x.ChannelId });
            e.HasIndex(x => x.ChannelId);
        });
        modelBuilder.Entity<AttachmentRow>(e =>
        {
            e.ToTable("attachments");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.UploaderId);
            e.HasIndex(x => x.CommunityId);
            e.HasIndex(x => x.ExpiresAt);
        });
        modelBuilder.Entity<MessageAttachmentRow>(e =>
        {
            e.ToTable("message_attachments");
            e.HasKey(x => new { x.MessageId, x.AttachmentId });
            e.HasIndex(x => x.AttachmentId);
        });
        modelBuilder.Entity<AttachmentChunkRow>(e =>
        {
            e.ToTable("attachment_chunks");
            e.HasKey(x => new { x.AttachmentId, x.Offset });
        });
        modelBuilder.Entity<ProfileImageRow>(e =>
        {
            e.ToTable("profile_images");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.UserId);
            e.Property(x => x.MediaType).HasMaxLength(32);
        });
        modelBuilder.Entity<CustomEmojiRow>(e =>
        {
            e.ToTable("custom_emoji");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.CommunityId, x.Name }).IsUnique();
            e.Property(x => x.Name).HasMaxLength(Protocol.ChatalotLimits.EmojiNameMaxLength);
            e.Property(x => x.MediaType).HasMaxLength(32);
        });
        modelBuilder.Entity<ReportRow>(e =>
        {
            e.ToTable("reports");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.CommunityId, x.Status, x.CreatedAt });
            e.HasIndex(x => new { x.MessageId, x.ReporterId });
            e.Property(x => x.Status).HasMaxLength(16);
            e.Property(x => x.Reason).HasMaxLength(32);
            e.Property(x => x.Note).HasMaxLength(Protocol.ChatalotLimits.ReportNoteMaxLength);
        });
        modelBuilder.Entity<ServerSettingsRow>(e =>
        {
            e.ToTable("server_settings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.BannerText).HasMaxLength(Protocol.ChatalotLimits.BannerMaxLength);
            e.HasData(new ServerSettingsRow { Id = 1 });
        });
        modelBuilder.Entity<AuditLogRow>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.HasIndex(x => new { x.CommunityId, x.Id });
            e.HasIndex(x => x.CreatedAt);
            e.Property(x => x.Action).HasMaxLength(48);
            e.Property(x => x.Reason).HasMaxLength(Protocol.ChatalotLimits.ReasonMaxLength);
            e.Property(x => x.Detail).HasMaxLength(200);
        });
        Security.Internal.SecurityModel.Configure(modelBuilder);
        global::Chatalot.Server.Hosting.Bots.Internal.BotModel.Configure(modelBuilder);
    }
}
