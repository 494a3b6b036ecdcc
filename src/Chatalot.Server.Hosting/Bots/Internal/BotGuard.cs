using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.EntityFrameworkCore;

namespace Chatalot.Server.Hosting.Bots.Internal;

/// <summary>What a bot account may not do (permissions.md §Bots): sign in with a password, use two-factor or recovery, own anything.</summary>
internal static class BotGuard
{
    /// <summary>Password sign-in, password change, two-factor and recovery on a bot: <c>403 bot_account</c>.</summary>
    public static void RefusePassword(UserRow? user)
    {
        if (user is { IsBot: true, DeletedAt: null })
        {
            throw Fail.Code(ErrorCodes.BotAccount, 403, "This is a bot account: it signs in with its bot token (POST /auth/bot) and has no password, two-factor sign-in or recovery.");
        }
    }

    /// <summary>A bot never becomes an owner (of a community it would create, or by transfer): <c>422 bot_cannot_own</c>.</summary>
    public static async Task RefuseOwnershipAsync(ChatalotDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Id == userId && u.IsBot, cancellationToken).ConfigureAwait(false))
        {
            throw Fail.Code(ErrorCodes.BotCannotOwn, 422, "A bot account cannot own a community.");
        }
    }
}
