using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Groups;

/// <summary>Whether community members may see and join a group freely.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<GroupVisibility>))]
public enum GroupVisibility
{
    /// <summary>Every community member may see and join it.</summary>
    Public,

    /// <summary>Only members see it; joining needs a group invite.</summary>
    Private,
}
