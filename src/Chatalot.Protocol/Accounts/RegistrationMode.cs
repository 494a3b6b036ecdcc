using System.Text.Json.Serialization;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Accounts;

/// <summary>Who may create an account on an instance.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<RegistrationMode>))]
public enum RegistrationMode
{
    /// <summary>Anyone may register.</summary>
    Open,

    /// <summary>Registration needs a registration invite code (the first user never does).</summary>
    InviteOnly,

    /// <summary>Nobody may register except the very first user, who becomes instance owner.</summary>
    Closed,
}
