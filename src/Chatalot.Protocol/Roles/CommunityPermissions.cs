using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Roles;

/// <summary>
/// What a member may do in a community, a group or a channel (permissions.md §Flags). On the wire a value is an array
/// of snake_case flag names (<c>["view_channels", "send_messages"]</c>); an unknown name is refused. Community
/// <c>admin</c>s and the <c>owner</c> hold every flag; a <c>moderator</c> holds <see cref="ModeratorPreset"/>; everyone
/// else holds the @everyone role's flags, those of their custom roles, and the group and channel overrides on top.
/// </summary>
[Flags]
[JsonConverter(typeof(CommunityPermissionsJsonConverter))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1069:Enums values should not be duplicated", Justification = "Preset combinations.")]
public enum CommunityPermissions : long
{
    /// <summary>No permission.</summary>
    None = 0,

    /// <summary>See a channel, read its history and subscribe to it (denied: the channel answers 404).</summary>
    ViewChannels = 1L << 0,

    /// <summary>Post messages (also reactions, replies and thread replies, which are messages).</summary>
    SendMessages = 1L << 1,

    /// <summary>React to messages. Advisory: reactions are end-to-end encrypted messages, so clients enforce it.</summary>
    AddReactions = 1L << 2,

    /// <summary>Create uploads for a channel and reference attachments in it.</summary>
    AttachFiles = 1L << 3,

    /// <summary>Create, update, delete channels; change read-only and slow mode; bypass both.</summary>
    ManageChannels = 1L << 4,

    /// <summary>Create groups and manage any group one can see, as a group admin would.</summary>
    ManageGroups = 1L << 5,

    /// <summary>Create, edit, reorder, delete, assign and unassign roles below one's own, and set overrides.</summary>
    ManageRoles = 1L << 6,

    /// <summary>Remove members below one's own rank from the community.</summary>
    KickMembers = 1L << 7,

    /// <summary>Ban and unban users, list bans.</summary>
    BanMembers = 1L << 8,

    /// <summary>Time members out and lift time-outs.</summary>
    TimeoutMembers = 1L << 9,

    /// <summary>Delete others' messages, bulk-delete; post in read-only channels and skip slow mode.</summary>
    ManageMessages = 1L << 10,

    /// <summary>Use <c>@everyone</c> and <c>@here</c> (advisory: mentions are encrypted, clients enforce it).</summary>
    MentionEveryone = 1L << 11,

    /// <summary>Pin and unpin messages.</summary>
    PinMessages = 1L << 12,

    /// <summary>Create community invites.</summary>
    CreateInvites = 1L << 13,

    /// <summary>List and delete anyone's community invites.</summary>
    ManageInvites = 1L << 14,

    /// <summary>Read the community's audit log.</summary>
    ViewAuditLog = 1L << 15,

    /// <summary>Upload and delete the community's custom emoji.</summary>
    ManageEmoji = 1L << 16,

    /// <summary>See the community's abuse report queue, resolve and dismiss its reports.</summary>
    HandleReports = 1L << 17,

    /// <summary>Join voice channels.</summary>
    ConnectVoice = 1L << 18,

    /// <summary>Speak in voice channels; without it a participant joins server-muted.</summary>
    Speak = 1L << 19,

    /// <summary>Server-mute and unmute other participants of voice channels.</summary>
    MuteMembers = 1L << 20,

    /// <summary>Disconnect other participants from voice channels.</summary>
    MoveMembers = 1L << 21,

    /// <summary>Every flag this version knows.</summary>
    All = (1L << 22) - 1,

    /// <summary>The @everyone role's flags in a new community: read, post, react, attach, voice.</summary>
    EveryoneDefault = ViewChannels | SendMessages | AddReactions | AttachFiles | ConnectVoice | Speak,

    /// <summary>What the built-in <c>moderator</c> rank holds on top of the @everyone role and its own roles; overrides never remove these.</summary>
    ModeratorPreset = KickMembers | BanMembers | TimeoutMembers | ManageMessages | PinMessages | MentionEveryone |
        CreateInvites | ManageInvites | ViewAuditLog | HandleReports | MuteMembers | MoveMembers,
}
