using System.Text.Json;
using Chatalot.Fuzz.Seeds;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Channels;
using Chatalot.Protocol.Common;
using Chatalot.Protocol.Communities;
using Chatalot.Protocol.Errors;
using Chatalot.Protocol.Groups;
using Chatalot.Protocol.Keys;
using Chatalot.Protocol.Messages;
using Chatalot.Protocol.Serialization;
using Chatalot.Protocol.ToDevice;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// Every REST body contract of the source-generated JSON context: request bodies as the server reads them (from a
/// stream) and responses as the client reads them (from bytes). Both callers turn <see cref="JsonException"/> into a
/// typed error (<c>malformed_request</c>, <c>invalid_response</c>); any other exception would be a 500 or a crash.
/// Input: one byte choosing the contract (index into <see cref="Contracts"/>, modulo its length), then the JSON.
/// </summary>
public sealed class RestDtoTarget : FuzzTarget
{
    /// <summary>The contracts, append-only: a seed's first byte is an index into this list.</summary>
    public static IReadOnlyList<Type> Contracts { get; } =
    [
        typeof(ChatalotProblemDetails), typeof(RegisterRequest), typeof(LoginRequest), typeof(RefreshRequest),
        typeof(AuthResponse), typeof(User), typeof(IReadOnlyList<User>), typeof(UpdateProfileRequest),
        typeof(ChangePasswordRequest), typeof(IReadOnlyList<SessionInfo>), typeof(ServerInfo), typeof(RegistrationInvite),
        typeof(IReadOnlyList<RegistrationInvite>), typeof(CreateInviteRequest), typeof(SuspendUserRequest),
        typeof(SetInstanceRoleRequest), typeof(IReadOnlyList<BlockedUser>), typeof(DeviceKeysUpload), typeof(PrekeyUpload),
        typeof(PrekeyCounts), typeof(PrekeyBundle), typeof(IReadOnlyList<PrekeyBundle>), typeof(DeviceInfo),
        typeof(IReadOnlyList<DeviceInfo>), typeof(SendToDeviceRequest), typeof(ToDeviceSendResult),
        typeof(IReadOnlyList<ToDeviceMessage>), typeof(AckToDeviceRequest), typeof(Community), typeof(IReadOnlyList<Community>),
        typeof(CreateCommunityRequest), typeof(UpdateCommunityRequest), typeof(TransferOwnershipRequest), typeof(MemberList),
        typeof(GroupMemberList), typeof(UpdateMemberRoleRequest), typeof(BanRequest), typeof(IReadOnlyList<CommunityBan>),
        typeof(Invite), typeof(IReadOnlyList<Invite>), typeof(InvitePreview), typeof(Group), typeof(IReadOnlyList<Group>),
        typeof(CreateGroupRequest), typeof(UpdateGroupRequest), typeof(IReadOnlyList<GroupMember>),
        typeof(UpdateGroupMemberRoleRequest), typeof(Channel), typeof(IReadOnlyList<Channel>), typeof(CreateChannelRequest),
        typeof(UpdateChannelRequest), typeof(CreateDmRequest), typeof(Message), typeof(MessageList), typeof(SendMessageRequest),
        typeof(EditMessageRequest), typeof(IReadOnlyList<MessageEdit>), typeof(PageInfo), typeof(MessageEnvelope),
        typeof(Chatalot.Protocol.Reports.CreateReportRequest), typeof(Chatalot.Protocol.Reports.Report), typeof(IReadOnlyList<Chatalot.Protocol.Reports.Report>),
        typeof(Chatalot.Protocol.Admin.ServerSettings), typeof(Chatalot.Protocol.Admin.UpdateServerSettingsRequest), typeof(Chatalot.Protocol.Admin.AdminUser),
        typeof(IReadOnlyList<Chatalot.Protocol.Admin.AdminUser>), typeof(Chatalot.Protocol.Admin.StorageReport),
    ];

    /// <inheritdoc />
    public override string Name => "rest-dto";

    /// <inheritdoc />
    public override string Description => "REST bodies (one selector byte, then JSON) via the source-generated context; allows JsonException";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var info = ChatalotJson.Options.GetTypeInfo(Contracts[data[0] % Contracts.Count]);
        JsonContract.ParseBothWays(data[1..], info, static ex => ex is JsonException);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds()
    {
        for (var i = 0; i < Contracts.Count; i++)
        {
            foreach (var (_, json) in JsonSample.Documents(Contracts[i]))
            {
                yield return ($"{i:D2}-{SeedNames.Of(Contracts[i])}.bin", [(byte)i, .. json]);
            }
        }
    }
}
