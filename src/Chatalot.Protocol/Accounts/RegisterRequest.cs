namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>POST /api/v1/auth/register</c>.</summary>
/// <param name="Username">3-32 characters of <c>[A-Za-z0-9_.-]</c>, starting with a letter or digit; unique ignoring case.</param>
/// <param name="Password">8-128 characters.</param>
/// <param name="DisplayName">Optional display name, at most 64 characters; defaults to the user name.</param>
/// <param name="InviteCode">A registration invite code, required in <see cref="RegistrationMode.InviteOnly"/> mode.</param>
/// <param name="DeviceName">A label for the session this registration logs in (shown in the sessions list).</param>
/// <param name="SetupCode">The one-time setup code of an unclaimed instance (<see cref="ServerInfo.SetupRequired"/>): the registration that presents it becomes the instance owner. Ignored once the instance is claimed.</param>
public sealed record RegisterRequest(
    string Username,
    string Password,
    string? DisplayName = null,
    string? InviteCode = null,
    string? DeviceName = null,
    string? SetupCode = null)
{
    /// <summary>Redacts secrets so they can never reach a log.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"RegisterRequest {{ Username = {Username}, Password = ***, DisplayName = {DisplayName}, InviteCode = ***, DeviceName = {DeviceName}, SetupCode = *** }}";
}
