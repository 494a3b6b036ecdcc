using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Roles;

/// <summary>Reads and writes <see cref="CommunityPermissions"/> as an array of snake_case flag names; refuses unknown names and numbers.</summary>
internal sealed class CommunityPermissionsJsonConverter : JsonConverter<CommunityPermissions>
{
    private static readonly (CommunityPermissions Flag, string Name)[] Flags = BuildFlags();

    /// <summary>The wire name of each single flag, lowest bit first.</summary>
    internal static IReadOnlyList<(CommunityPermissions Flag, string Name)> Names => Flags;

    public override CommunityPermissions Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Permissions are an array of flag names.");
        }

        var value = CommunityPermissions.None;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("Permissions are an array of flag names.");
            }

            value |= Parse(reader.GetString()!);
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, CommunityPermissions value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var (flag, name) in Flags)
        {
            if ((value & flag) != 0)
            {
                writer.WriteStringValue(name);
            }
        }

        writer.WriteEndArray();
    }

    private static CommunityPermissions Parse(string name)
    {
        foreach (var (flag, known) in Flags)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                return flag;
            }
        }

        throw new JsonException($"Unknown permission '{name}'.");
    }

    // Spelled out rather than derived from enum names, so trimming (the WebAssembly client) cannot change the wire.
    private static (CommunityPermissions, string)[] BuildFlags() =>
    [
        ((CommunityPermissions)(1L << 0), "view_channels"),
        ((CommunityPermissions)(1L << 1), "send_messages"),
        ((CommunityPermissions)(1L << 2), "add_reactions"),
        ((CommunityPermissions)(1L << 3), "attach_files"),
        ((CommunityPermissions)(1L << 4), "manage_channels"),
        ((CommunityPermissions)(1L << 5), "manage_groups"),
        ((CommunityPermissions)(1L << 6), "manage_roles"),
        ((CommunityPermissions)(1L << 7), "kick_members"),
        ((CommunityPermissions)(1L << 8), "ban_members"),
        ((CommunityPermissions)(1L << 9), "timeout_members"),
        ((CommunityPermissions)(1L << 10), "manage_messages"),
        ((CommunityPermissions)(1L << 11), "mention_everyone"),
        ((CommunityPermissions)(1L << 12), "pin_messages"),
        ((CommunityPermissions)(1L << 13), "create_invites"),
        ((CommunityPermissions)(1L << 14), "manage_invites"),
        ((CommunityPermissions)(1L << 15), "view_audit_log"),
        ((CommunityPermissions)(1L << 16), "manage_emoji"),
        ((CommunityPermissions)(1L << 17), "handle_reports"),
        ((CommunityPermissions)(1L << 18), "connect_voice"),
        ((CommunityPermissions)(1L << 19), "speak"),
        ((CommunityPermissions)(1L << 20), "mute_members"),
        ((CommunityPermissions)(1L << 21), "move_members"),
    ];
}
