using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Accounts;

/// <summary>Who may create an account on an instance.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<RegistrationMode>))]
public enum RegistrationMode
{
    /// <summary>Anyone may register.</summary>
    Open,

    /// <summary>Registration needs a registration invite code (the owner claiming a fresh instance uses its setup code instead).</summary>
    InviteOnly,

    /// <summary>Nobody may register, except the owner claiming a fresh instance with its setup code.</summary>
    Closed,
}
