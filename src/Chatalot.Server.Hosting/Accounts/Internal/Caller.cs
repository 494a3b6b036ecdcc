using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting.Errors;
using Chatalot.Server.Hosting.Errors.Internal;
using Chatalot.Server.Hosting.Storage.Internal;
using Microsoft.AspNetCore.Http;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Chatalot.Server.Hosting.Accounts.Internal;

/// <summary>
/// The authenticated caller of a REST route. Bound from the <c>Authorization: Bearer</c> header on every request:
/// the token is verified and then the session and the account are checked in the database, so logout, session
/// revocation, password change and suspension take effect on the very next request.
/// </summary>
internal sealed record Caller(Guid UserId, Guid SessionId, InstanceRole Role)
{
    public bool IsInstanceAdmin => Role is InstanceRole.Admin or InstanceRole.Owner;

    public static async ValueTask<Caller?> BindAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail.Unauthenticated();
        }

        var resolver = http.RequestServices.GetRequiredService<CallerResolver>();
        return await resolver.ResolveAsync(header["Bearer ".Length..].Trim(), http.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>Validates access tokens against the token key and the live session/account state.</summary>
internal sealed class CallerResolver(AccessTokenService tokens, ChatalotDbContext db)
{
    // Compiled once per model: this runs on every REST request and every gateway authenticate (a connect storm is
    // mostly this query), and a compiled query skips EF's per-call expression funcletising and cache lookup. A compiled
    // query binds to the first model it runs against, and one process can host both providers (tests do), hence the
    // table keyed by model.
    private static readonly ConditionalWeakTable<IModel, Func<ChatalotDbContext, Guid, Guid, CancellationToken, Task<SessionState?>>> SessionStateQueries = new();

    private static Func<ChatalotDbContext, Guid, Guid, CancellationToken, Task<SessionState?>> CompileSessionStateQuery() =>
        EF.CompileAsyncQuery((ChatalotDbContext db, Guid sessionId, Guid userId, CancellationToken cancellationToken) =>
            db.Sessions.AsNoTracking()
                .Where(s => s.Id == sessionId && s.UserId == userId)
                .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new SessionState(s.RevokedAt, u.SuspendedAt, u.Role))
                .FirstOrDefault());

    public async ValueTask<Caller> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        var parsed = tokens.Validate(token) ?? throw Fail.Unauthenticated("The access token is invalid.");
        if (parsed.Expired)
        {
            throw new ChatalotServerException(ErrorCodes.TokenExpired, 401, "The access token expired; refresh it.");
        }

        var query = SessionStateQueries.GetValue(db.Model, _ => CompileSessionStateQuery());
        var state = await query(db, parsed.SessionId, parsed.UserId, cancellationToken).ConfigureAwait(false);
        if (state is null || state.RevokedAt is not null)
        {
            throw new ChatalotServerException(ErrorCodes.SessionRevoked, 401, "The session was revoked.");
        }

        if (state.SuspendedAt is not null)
        {
            throw new ChatalotServerException(ErrorCodes.AccountSuspended, 403, "The account is suspended.");
        }

        return new Caller(parsed.UserId, parsed.SessionId, (InstanceRole)state.Role);
    }
}

/// <summary>What <see cref="CallerResolver"/> checks of a session and its account.</summary>
internal sealed record SessionState(DateTimeOffset? RevokedAt, DateTimeOffset? SuspendedAt, int Role);
