using System.Text.Json;
using System.Text.Json.Serialization;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Attachments;
using Chatalot.Protocol.Bots;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Common;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Content;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Emoji;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Previews;
using Chatalot.Protocol.Profiles;
using Chatalot.Protocol.ToDevice;
using Chatalot.Protocol.Voice;

namespace Chatalot.Protocol.Serialization;

/// <summary>
/// Source-generated JSON metadata for every wire contract: snake_case member names, base64url byte fields,
/// snake_case enum values, required constructor members and nullable annotations enforced on read.
/// Exposed publicly through <see cref="ChatalotJson"/>.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowOutOfOrderMetadataProperties = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(Base64UrlBytesConverter)])]
[JsonSerializable(typeof(ChatalotProblemDetails))]
[JsonSerializable(typeof(CreateUploadRequest))]
[JsonSerializable(typeof(Upload))]
[JsonSerializable(typeof(CompleteUploadRequest))]
[JsonSerializable(typeof(StorageUsage))]
[JsonSerializable(typeof(LinkPreviewRequest))]
[JsonSerializable(typeof(LinkMetadata))]
[JsonSerializable(typeof(GifPage))]
[JsonSerializable(typeof(MessageContent))]
[JsonSerializable(typeof(DevicePayload))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(BotLoginRequest))]
[JsonSerializable(typeof(CreateBotRequest))]
[JsonSerializable(typeof(Bot))]
[JsonSerializable(typeof(IReadOnlyList<Bot>))]
[JsonSerializable(typeof(BotCredentials))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(IReadOnlyList<User>))]
[JsonSerializable(typeof(UpdateProfileRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(IReadOnlyList<SessionInfo>))]
[JsonSerializable(typeof(TwoFactorSetupRequest))]
[JsonSerializable(typeof(TwoFactorSetup))]
[JsonSerializable(typeof(TwoFactorCodeRequest))]
[JsonSerializable(typeof(TwoFactorDisableRequest))]
[JsonSerializable(typeof(TwoFactorLoginRequest))]
[JsonSerializable(typeof(BackupCodes))]
[JsonSerializable(typeof(PasswordConfirmation))]
[JsonSerializable(typeof(RecoveryCode))]
[JsonSerializable(typeof(RecoverAccountRequest))]
[JsonSerializable(typeof(AccountSecurity))]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(RegistrationInvite))]
[JsonSerializable(typeof(IReadOnlyList<RegistrationInvite>))]
[JsonSerializable(typeof(CreateInviteRequest))]
[JsonSerializable(typeof(SuspendUserRequest))]
[JsonSerializable(typeof(SetInstanceRoleRequest))]
[JsonSerializable(typeof(IReadOnlyList<BlockedUser>))]
[JsonSerializable(typeof(DeviceKeysUpload))]
[JsonSerializable(typeof(PrekeyUpload))]
[JsonSerializable(typeof(PrekeyCounts))]
[JsonSerializable(typeof(PrekeyBundle))]
[JsonSerializable(typeof(IReadOnlyList<PrekeyBundle>))]
[JsonSerializable(typeof(DeviceInfo))]
[JsonSerializable(typeof(IReadOnlyList<DeviceInfo>))]
[JsonSerializable(typeof(SendToDeviceRequest))]
[JsonSerializable(typeof(ToDeviceSendResult))]
[JsonSerializable(typeof(IReadOnlyList<ToDeviceMessage>))]
[JsonSerializable(typeof(AckToDeviceRequest))]
[JsonSerializable(typeof(Community))]
[JsonSerializable(typeof(IReadOnlyList<Community>))]
[JsonSerializable(typeof(CreateCommunityRequest))]
[JsonSerializable(typeof(UpdateCommunityRequest))]
[JsonSerializable(typeof(TransferOwnershipRequest))]
[JsonSerializable(typeof(MemberList))]
[JsonSerializable(typeof(GroupMemberList))]
[JsonSerializable(typeof(UpdateMemberRoleRequest))]
[JsonSerializable(typeof(BanRequest))]
[JsonSerializable(typeof(IReadOnlyList<CommunityBan>))]
[JsonSerializable(typeof(Invite))]
[JsonSerializable(typeof(IReadOnlyList<Invite>))]
[JsonSerializable(typeof(InvitePreview))]
[JsonSerializable(typeof(DirectInvite))]
[JsonSerializable(typeof(SignedDeviceList))]
[JsonSerializable(typeof(VoiceChannelState))]
[JsonSerializable(typeof(IReadOnlyList<VoiceChannelState>))]
[JsonSerializable(typeof(UpdateVoiceParticipantRequest))]
[JsonSerializable(typeof(IceServerConfig))]
[JsonSerializable(typeof(DeviceListDocument))]
[JsonSerializable(typeof(DeviceListUpload))]
[JsonSerializable(typeof(DeviceLink))]
[JsonSerializable(typeof(IReadOnlyList<DeviceLink>))]
[JsonSerializable(typeof(CreateDeviceLinkRequest))]
[JsonSerializable(typeof(RespondDeviceLinkRequest))]
[JsonSerializable(typeof(RevealDeviceLinkRequest))]
[JsonSerializable(typeof(ApproveDeviceLinkRequest))]
[JsonSerializable(typeof(KeyBackup))]
[JsonSerializable(typeof(KeyBackupUpload))]
[JsonSerializable(typeof(IReadOnlyList<DirectInvite>))]
[JsonSerializable(typeof(CreateDirectInviteRequest))]
[JsonSerializable(typeof(Group))]
[JsonSerializable(typeof(IReadOnlyList<Group>))]
[JsonSerializable(typeof(CreateGroupRequest))]
[JsonSerializable(typeof(UpdateGroupRequest))]
[JsonSerializable(typeof(IReadOnlyList<GroupMember>))]
[JsonSerializable(typeof(UpdateGroupMemberRoleRequest))]
[JsonSerializable(typeof(Channel))]
[JsonSerializable(typeof(IReadOnlyList<Channel>))]
[JsonSerializable(typeof(CreateChannelRequest))]
[JsonSerializable(typeof(UpdateChannelRequest))]
[JsonSerializable(typeof(ChannelPin))]
[JsonSerializable(typeof(IReadOnlyList<ChannelPin>))]
[JsonSerializable(typeof(ReadState))]
[JsonSerializable(typeof(IReadOnlyList<ReadState>))]
[JsonSerializable(typeof(UpdateReadStateRequest))]
[JsonSerializable(typeof(MarkAllReadRequest))]
[JsonSerializable(typeof(CreateDmRequest))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(MessageList))]
[JsonSerializable(typeof(ThreadSummary))]
[JsonSerializable(typeof(ThreadList))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageRequest))]
[JsonSerializable(typeof(IReadOnlyList<MessageEdit>))]
[JsonSerializable(typeof(PageInfo))]
[JsonSerializable(typeof(UserProfile))]
[JsonSerializable(typeof(UserStatus))]
[JsonSerializable(typeof(CustomEmoji))]
[JsonSerializable(typeof(IReadOnlyList<CustomEmoji>))]
[JsonSerializable(typeof(Chatalot.Protocol.Reports.CreateReportRequest))]
[JsonSerializable(typeof(Chatalot.Protocol.Reports.Report))]
[JsonSerializable(typeof(IReadOnlyList<Chatalot.Protocol.Reports.Report>))]
[JsonSerializable(typeof(Chatalot.Protocol.Admin.ServerSettings))]
[JsonSerializable(typeof(Chatalot.Protocol.Admin.UpdateServerSettingsRequest))]
[JsonSerializable(typeof(Chatalot.Protocol.Admin.AdminUser))]
[JsonSerializable(typeof(IReadOnlyList<Chatalot.Protocol.Admin.AdminUser>))]
[JsonSerializable(typeof(Chatalot.Protocol.Admin.StorageReport))]
[JsonSerializable(typeof(Chatalot.Protocol.Roles.Role))]
[JsonSerializable(typeof(IReadOnlyList<Chatalot.Protocol.Roles.Role>))]
[JsonSerializable(typeof(Chatalot.Protocol.Roles.CreateRoleRequest))]
[JsonSerializable(typeof(Chatalot.Protocol.Roles.UpdateRoleRequest))]
[JsonSerializable(typeof(Chatalot.Protocol.Roles.ReorderRolesRequest))]
[JsonSerializable(typeof(Chatalot.Protocol.Roles.PermissionOverride))]
[JsonSerializable(typeof(IReadOnlyList<Chatalot.Protocol.Roles.PermissionOverride>))]
[JsonSerializable(typeof(Chatalot.Protocol.Roles.SetPermissionOverrideRequest))]
[JsonSerializable(typeof(Chatalot.Protocol.Roles.EffectivePermissions))]
[JsonSerializable(typeof(Chatalot.Protocol.Bots.PublishCommandsRequest))]
[JsonSerializable(typeof(IReadOnlyList<Chatalot.Protocol.Bots.MemberCommandList>))]
[JsonSerializable(typeof(List<Chatalot.Protocol.Bots.PublishedCommand>))]
[JsonSerializable(typeof(Chatalot.Protocol.Moderation.TimeoutRequest))]
[JsonSerializable(typeof(Chatalot.Protocol.Moderation.BulkDeleteRequest))]
[JsonSerializable(typeof(Chatalot.Protocol.Moderation.BulkDeleteResult))]
[JsonSerializable(typeof(Chatalot.Protocol.Audit.AuditLogEntry))]
[JsonSerializable(typeof(IReadOnlyList<Chatalot.Protocol.Audit.AuditLogEntry>))]
[JsonSerializable(typeof(ClientFrame))]
[JsonSerializable(typeof(ServerFrame))]
internal sealed partial class ChatalotJsonContext : JsonSerializerContext
{
}
