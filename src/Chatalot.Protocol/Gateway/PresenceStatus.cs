using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Gateway;

/// <summary>A user's presence. Others see <see cref="Invisible"/> as <see cref="Offline"/>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<PresenceStatus>))]
public enum PresenceStatus
{
    /// <summary>Connected and active.</summary>
    Online,

    /// <summary>Connected but away.</summary>
    Idle,

    /// <summary>Do not disturb.</summary>
    Dnd,

    /// <summary>Connected but shown offline.</summary>
    Invisible,

    /// <summary>Not connected.</summary>
    Offline,
}
