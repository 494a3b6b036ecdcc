using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Common.Internal;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Admin.Internal;

/// <summary>
/// The first-run claim (docs/articles/admin.md): while no owner exists, only a registration presenting the setup code
/// is accepted, and it becomes the owner. Runs inside the registration's transaction, so the claim and the new account
/// commit together; two racing claims are settled by the single-owner index (the loser is rerun and finds the server
/// claimed).
/// </summary>
internal sealed class SetupClaim(ChatalotDbContext db, Clock clock, AdminAudit audit)
{
    /// <summary>
    /// Returns <see langword="true"/> when this registration claims the instance (it becomes the owner), <see langword="false"/>
    /// when the instance is already claimed (the setup code is then ignored, and the registration mode applies).
    /// </summary>
    /// <exception cref="Errors.ChatalotServerException"><c>setup_required</c> without a code, <c>setup_code_invalid</c> with a wrong one.</exception>
    public async Task<bool> TryClaimAsync(string? setupCode, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Role == (int)InstanceRole.Owner, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(setupCode))
        {
            throw Fail.Code(ErrorCodes.SetupRequired, 403,
                "This server is not set up yet: register the owner account with the setup code printed on the server's console.");
        }

        var row = await db.ServerSettings.FirstAsync(s => s.Id == 1, cancellationToken).ConfigureAwait(false);
        if (row.SetupCodeHash is null)
        {
            // A concurrent registration claimed the instance between the two reads: this one registers as any other.
            return false;
        }

        if (!SetupCodes.Matches(setupCode, row.SetupCodeHash))
        {
            throw Fail.Code(ErrorCodes.SetupCodeInvalid, 403, "The setup code is wrong; use the one the server printed at its last start.");
        }

        row.SetupCodeHash = null;
        row.ClaimedAt = clock.UtcNow;
        return true;
    }

    /// <summary>Records the claim once the owner's id is known (before the registration's SaveChanges).</summary>
    public void Claimed(Guid ownerId) => audit.Claimed(ownerId);
}
