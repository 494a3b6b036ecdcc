using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chatalot.Protocol.Serialization;

/// <summary>
/// Serialises an enum as its snake_case name (<c>InviteOnly</c> → <c>"invite_only"</c>) and refuses numbers,
/// so unknown values fail loudly instead of becoming undefined enum members.
/// </summary>
/// <typeparam name="TEnum">The enum type.</typeparam>
public sealed class SnakeCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Creates the converter.</summary>
    public SnakeCaseEnumConverter()
        : base(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    {
    }
}
