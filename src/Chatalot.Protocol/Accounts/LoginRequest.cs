namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>POST /api/v1/auth/login</c>. Logging in never ends the user's other sessions.</summary>
/// <param name="Username">The user name (case-insensitive).</param>
/// <param name="Password">The password.</param>
/// <param name="DeviceName">A label for the new session.</param>
public sealed record LoginRequest(string Username, string Password, string? DeviceName = null)
{
    /// <summary>Redacts secrets so they can never reach a log.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => $"LoginRequest {{ Username = {Username}, Password = ***, DeviceName = {DeviceName} }}";
}
