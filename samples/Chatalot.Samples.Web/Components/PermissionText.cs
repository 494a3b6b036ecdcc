using Chatalot.Protocol.Roles;

namespace Chatalot.Samples.Web.Components;

/// <summary>Each permission flag with a short explanation, for the role editor and the override editor.</summary>
internal static class PermissionText
{
    public static readonly (CommunityPermissions Flag, string Name, string Explanation)[] All =
    [
        (CommunityPermissions.ViewChannels, "View channels", "See the channels and read their messages."),
        (CommunityPermissions.SendMessages, "Send messages", "Write in text channels."),
        (CommunityPermissions.AddReactions, "Add reactions", "React to messages."),
        (CommunityPermissions.AttachFiles, "Attach files", "Upload files and images."),
        (CommunityPermissions.ManageChannels, "Manage channels", "Create, edit and delete channels."),
        (CommunityPermissions.ManageGroups, "Manage groups", "Create, edit and delete groups."),
        (CommunityPermissions.ManageRoles, "Manage roles", "Edit roles below their own and assign them."),
        (CommunityPermissions.KickMembers, "Kick members", "Remove members below them."),
        (CommunityPermissions.BanMembers, "Ban members", "Ban and unban members below them."),
        (CommunityPermissions.TimeoutMembers, "Time out members", "Stop members below them from sending for a while."),
        (CommunityPermissions.ManageMessages, "Manage messages", "Delete others' messages, bulk delete."),
        (CommunityPermissions.MentionEveryone, "Mention @everyone", "Notify everyone with @everyone and @here."),
        (CommunityPermissions.PinMessages, "Pin messages", "Pin and unpin messages."),
        (CommunityPermissions.CreateInvites, "Create invites", "Invite people."),
        (CommunityPermissions.ManageInvites, "Manage invites", "List and revoke invites."),
        (CommunityPermissions.ViewAuditLog, "View audit log", "Read who did what."),
        (CommunityPermissions.ManageEmoji, "Manage emoji", "Upload and delete custom emoji."),
        (CommunityPermissions.HandleReports, "Handle reports", "Read verified reports, resolve and dismiss them."),
        (CommunityPermissions.ConnectVoice, "Connect to voice", "Join voice channels."),
        (CommunityPermissions.Speak, "Speak", "Talk in voice channels."),
        (CommunityPermissions.MuteMembers, "Mute members", "Mute others in voice channels for everyone."),
        (CommunityPermissions.MoveMembers, "Disconnect members", "Disconnect others from voice channels."),
    ];

    public static string WireName(CommunityPermissions flag) => CommunityPermissionFlags.WireName(flag);
}
