using System.Security.Cryptography;
using System.Text;
using Chatalot.Client.Storage;
using Chatalot.Protocol.Errors;

namespace Chatalot.Client.Rest.Internal;

/// <summary>
/// The session's refresh token kept in the device store (<see cref="ChatalotClientOptions.PersistSession"/>), so a
/// restarted client resumes by refreshing instead of signing in with a password (and a second factor) again. The
/// store seals it as it seals the identity key (<see cref="IDeviceStore"/>'s contract); only the refresh token is
/// kept, since the access token is short-lived and the refresh answers a new one. Refresh tokens rotate on every use,
/// so the record is rewritten after each refresh, inside the rest client's single-flight refresh.
/// </summary>
internal sealed class SessionRecord(IDeviceStore store)
{
    private const string Kind = "session";
    private const string Key = "refresh_token";

    public async ValueTask SaveAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(refreshToken);
        try
        {
            await store.PutAsync(Kind, Key, bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public async ValueTask<string?> LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await store.GetAsync(Kind, Key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public async ValueTask ClearAsync(CancellationToken cancellationToken) =>
        await store.DeleteAsync(Kind, Key, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether a refresh failure means the stored token is dead for good (as opposed to a network failure).</summary>
    public static bool IsRejection(ChatalotApiException exception) =>
        exception.Code is ErrorCodes.InvalidRefreshToken or ErrorCodes.RefreshTokenReused or ErrorCodes.SessionRevoked
            or ErrorCodes.AccountSuspended or ErrorCodes.Unauthenticated;
}
