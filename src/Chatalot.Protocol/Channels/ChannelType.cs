using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Channels;

/// <summary>The kind of a channel.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ChannelType>))]
public enum ChannelType
{
    /// <summary>A text channel in a group.</summary>
    Text,

    /// <summary>A voice channel in a group (its text side works like a text channel).</summary>
    Voice,

    /// <summary>A direct-message channel between two users.</summary>
    Dm,
}
