using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Errors;

namespace Chatalot.Server.Hosting.Security.Internal;

/// <summary>
/// <c>401 two_factor_required</c>: the password was right and the account needs a second factor. The problem detail
/// carries <see cref="Challenge"/> (<c>challenge</c> on the wire) for <c>POST /auth/login/2fa</c>.
/// </summary>
internal sealed class TwoFactorRequiredException(string challenge)
    : ChatalotServerException(ErrorCodes.TwoFactorRequired, 401, "Two-factor sign-in is on: send a code with the challenge to /auth/login/2fa.")
{
    public string Challenge { get; } = challenge;
}
