using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Content;

/// <summary>Where a message was sent: a group channel or a direct-message channel.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<ConversationKind>))]
public enum ConversationKind
{
    /// <summary>A channel of a group, encrypted with Sender Keys.</summary>
    Channel,

    /// <summary>A direct-message channel, encrypted pairwise for every device.</summary>
    Dm,
}
