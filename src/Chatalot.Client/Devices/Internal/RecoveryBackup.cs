using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol.Devices;

namespace Chatalot.Client.Devices.Internal;

/// <summary>
/// The recovery key and the account's encrypted backup (crypto.md §15.5): its <c>account</c> entry holds the link
/// payload (account key and verifications), so the recovery key alone restores the account on a new device.
/// </summary>
internal sealed class RecoveryBackup(ChatalotRestClient rest, AccountKeyring keyring, IdentityTrust trust, DeviceLinker linker, HistoryBackup history, Func<CancellationToken, Task<IEnumerable<Guid>>> channels)
{
    public const string AccountEntry = "account";

    /// <summary>Makes a new recovery key and a backup under it (replacing any earlier one); returns the key to show once.</summary>
    public async Task<string> SetUpAsync(CancellationToken cancellationToken)
    {
        keyring.RequireLinked();
        using var key = RecoveryKey.Generate();
        var payload = LinkPayload.Build(keyring.AccountKey!, await trust.ExportAsync(cancellationToken).ConfigureAwait(false));
        byte[] sealedEntry;
        try
        {
            sealedEntry = KeyBackupCipher.Seal(key, AccountEntry, payload);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(payload);
        }

        // The first write also holds the start of this device's own chains, so its own past channel messages are readable.
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [AccountEntry] = sealedEntry };
        foreach (var (name, distribution) in await history.OwnChainEntriesAsync(await channels(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false))
        {
            entries[name] = KeyBackupCipher.Seal(key, name, distribution);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(distribution);
        }

        for (var attempt = 0; ; attempt++)
        {
            long version;
            try
            {
                version = (await rest.GetKeyBackupAsync(cancellationToken).ConfigureAwait(false)).Version;
            }
            catch (ChatalotApiException ex) when (ex.Code == Protocol.Errors.ErrorCodes.NotFound)
            {
                version = 0;
            }

            try
            {
                var stored = await rest.PutKeyBackupAsync(new KeyBackupUpload(key.KeyId, entries, version), cancellationToken).ConfigureAwait(false);
                // Later chains (received or this device's own) are added to it in the background (HistoryBackup).
                await history.RememberKeyAsync(key, cancellationToken).ConfigureAwait(false);
                history.NoteStored(stored);
                return key.Display();
            }
            catch (ChatalotApiException ex) when (ex.Code == Protocol.Errors.ErrorCodes.BackupConflict && attempt < 3)
            {
                // Another device wrote at the same time: a new key id replaces the backup anyway, so retry on its version.
            }
        }
    }

    /// <summary>Restores the account key from the backup, then signs this device into the account's list.</summary>
    /// <exception cref="ChatalotClientException"><c>wrong_recovery_key</c>.</exception>
    public async Task RestoreAsync(string recoveryKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recoveryKey);
        RecoveryKey key;
        try
        {
            key = RecoveryKey.Parse(recoveryKey);
        }
        catch (ChatalotCryptoException ex)
        {
            throw new ChatalotClientException(ClientErrorCodes.WrongRecoveryKey, ex.Message, ex);
        }

        using (key)
        {
            KeyBackup backup;
            try
            {
                backup = await rest.GetKeyBackupAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotApiException ex) when (ex.Code == Protocol.Errors.ErrorCodes.NotFound)
            {
                throw new ChatalotClientException(ClientErrorCodes.WrongRecoveryKey, "The account has no backup: no recovery key was set up.", ex);
            }

            if (!backup.KeyId.AsSpan().SequenceEqual(key.KeyId) || !backup.Entries.TryGetValue(AccountEntry, out var sealedEntry))
            {
                throw new ChatalotClientException(ClientErrorCodes.WrongRecoveryKey, "This is not the account's current recovery key.");
            }

            byte[] payload;
            try
            {
                payload = KeyBackupCipher.Open(key, AccountEntry, sealedEntry);
            }
            catch (ChatalotCryptoException ex)
            {
                throw new ChatalotClientException(ClientErrorCodes.WrongRecoveryKey, "The backup does not open with this recovery key (it was altered).", ex);
            }

            try
            {
                await linker.AdoptPayloadAsync(payload, addSelf: true, ClientErrorCodes.WrongRecoveryKey, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(payload);
            }

            // Then the history: the backed-up chains, and the channel messages they open (crypto.md §15.5).
            await history.TryRestoreAsync(key, backup, cancellationToken).ConfigureAwait(false);
        }
    }
}
