namespace Chatalot.Protocol.Accounts;

/// <summary>Body of <c>POST /api/v1/auth/refresh</c> and <c>POST /api/v1/auth/logout</c>.</summary>
/// <param name="RefreshToken">The refresh token last issued for the session. Each one is single-use.</param>
public sealed record RefreshRequest(string RefreshToken)
{
    /// <summary>Redacts secrets so they can never reach a log.</summary>
    /// <returns>A description without secrets.</returns>
    public override string ToString() => "RefreshRequest { RefreshToken = *** }";
}
