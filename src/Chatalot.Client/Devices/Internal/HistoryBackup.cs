using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Chatalot.Client.Encryption.Internal;
using Chatalot.Client.Rest;
using Chatalot.Crypto;
using Chatalot.Protocol.Devices;
using Chatalot.Protocol.Errors;
using Microsoft.Extensions.Logging;

namespace Chatalot.Client.Devices.Internal;

/// <summary>
/// Channel history in the key backup (crypto.md §15.5): each sender-key chain this device installs, and the first
/// distribution of each of its own chains, become an entry <c>chain/{channel}/{user}/{device}/{chain id}</c> sealed
/// under the recovery key. Writes go through one background uploader that coalesces entries into batches, retries a
/// <c>backup_conflict</c> on the re-read version, and never blocks the receive path. A restored or linked device imports
/// the entries back; their chains are remembered as restored, so messages of a device since removed from the list
/// (the old device of a user who signed out) can still be read when the chain came from the backup.
/// </summary>
internal sealed partial class HistoryBackup : IAsyncDisposable
{
    public const string ChainPrefix = "chain/";
    public const string DirectPrefix = "dm/";

    /// <summary>Direct messages older than this are not backed up.</summary>
    public static readonly TimeSpan DirectWindow = TimeSpan.FromDays(90);

    /// <summary>At most this many <c>dm/</c> entries (the server caps a backup at 10,000 entries and 16 MiB).</summary>
    public const int DirectEntriesMax = 5_000;
    private const string KeyRecord = "backup-recovery-key";
    private const string RestoredRecord = "backup-restored-chains";

    // ChannelKeyDistributor's ledger record (its private RecordName); read only, to back up this device's own chains.
    private const string LedgerRecordPrefix = "chain-ledger:";
    private const int MaxPending = 4_096;
    private const int MaxBatch = 500;
    private const int MaxConflictRetries = 5;
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FinalFlush = TimeSpan.FromSeconds(2);

    private readonly DeviceState _state;
    private readonly StateLocks _locks;
    private readonly ChatalotRestClient _rest;
    private readonly UserId _self;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _pending = new(StringComparer.Ordinal);
    private readonly Queue<string> _pendingOrder = new();
    private readonly HashSet<Guid> _ownChannels = [];
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private HashSet<(Guid Channel, UserId User, DeviceId Device, uint ChainId)>? _restored;
    private readonly Dictionary<Guid, byte[]> _restoredDirect = [];
    private int _storedDirect;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private long _version = -1;
    private bool? _hasKey;

    public HistoryBackup(DeviceState state, ChatalotRestClient rest, UserId self, StateLocks locks, TimeProvider time, ILogger logger)
    {
        _locks = locks;
        _state = state;
        _rest = rest;
        _self = self;
        _time = time;
        _logger = logger;
    }

    /// <summary>Chains were restored: release the messages that waited for them and fetch the history they open.</summary>
    public Func<IReadOnlyList<(Guid Channel, UserId User, DeviceId Device)>, CancellationToken, Task>? Restored { get; set; }

    /// <summary>How many entries wait to be uploaded (tests and diagnostics).</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public static string ChainEntryName(Guid channel, UserId user, DeviceId device, uint chainId) =>
        string.Create(CultureInfo.InvariantCulture, $"{ChainPrefix}{channel:N}/{user.Value:N}/{device.Value}/{chainId}");

    /// <summary>Reads an entry name made by <see cref="ChainEntryName"/>.</summary>
    public static (Guid Channel, UserId User, DeviceId Device, uint ChainId)? ParseChainEntryName(string name)
    {
        if (!name.StartsWith(ChainPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = name[ChainPrefix.Length..].Split('/');
        return parts.Length == 4
            && Guid.TryParseExact(parts[0], "N", out var channel)
            && Guid.TryParseExact(parts[1], "N", out var user)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var device) && device > 0
            && uint.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var chainId)
            ? (channel, new UserId(user), new DeviceId(device), chainId)
            : null;
    }

    /// <summary>Keeps the recovery key in the (encrypted) device store, so this device can write to the backup.</summary>
    public async Task RememberKeyAsync(RecoveryKey key, CancellationToken cancellationToken)
    {
        await _state.PutAsync(KeyRecord, Encoding.ASCII.GetBytes(key.Display().Replace(" ", string.Empty, StringComparison.Ordinal)), cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _hasKey = true;
            _version = -1;
            _stored.Clear();
        }
    }

    /// <summary>Forgets the recovery key (this device left the account, or the backup moved to another key).</summary>
    public async Task ForgetKeyAsync(CancellationToken cancellationToken)
    {
        await _state.PutAsync(KeyRecord, [], cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _hasKey = false;
            _pending.Clear();
            _pendingOrder.Clear();
        }
    }

    /// <summary>The recovery key this device knows, if any; the caller disposes it.</summary>
    public async Task<RecoveryKey?> LoadKeyAsync(CancellationToken cancellationToken)
    {
        var saved = await _state.GetAsync(KeyRecord, cancellationToken).ConfigureAwait(false);
        if (saved is not { Length: > 0 })
        {
            _hasKey = false;
            return null;
        }

        _hasKey = true;
        return RecoveryKey.TryParse(Encoding.ASCII.GetString(saved), out var key) ? key : null;
    }

    /// <summary>A chain from another device was installed here: back it up (in the background).</summary>
    public void OnChainInstalled(Guid channel, UserId user, DeviceId device, uint chainId, byte[] distribution)
    {
        if (_hasKey == false)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(distribution);
            return;
        }

        Add(ChainEntryName(channel, user, device, chainId), distribution);
    }

    /// <summary>
    /// A direct message was decrypted here: its content, re-sealed under the backup as <c>dm/{message id}</c> (crypto.md
    /// §15.5), is what a restored or linked device shows for it, since no key in a backup opens another device's copy.
    /// </summary>
    public void OnDirectMessage(Guid channel, Guid message, DateTimeOffset sentAt, byte[] plaintext)
    {
        if (_hasKey == false || sentAt < _time.GetUtcNow() - DirectWindow || plaintext.Length + 16 > Protocol.ChatalotLimits.KeyBackupEntryMaxBytes - 64)
        {
            return;
        }

        lock (_lock)
        {
            if (_storedDirect + _pending.Keys.Count(k => k.StartsWith(DirectPrefix, StringComparison.Ordinal)) >= DirectEntriesMax)
            {
                return; // Full: the server has no way to drop single entries, so later messages are not backed up.
            }
        }

        var entry = new byte[16 + plaintext.Length];
        channel.TryWriteBytes(entry);
        plaintext.CopyTo(entry, 16);
        Add(DirectEntryName(message), entry);
    }

    public static string DirectEntryName(Guid message) => DirectPrefix + message.ToString("N");

    /// <summary>The content of a direct message restored from the backup, if it holds one (authenticated by the backup).</summary>
    public byte[]? RestoredDirect(Guid message)
    {
        lock (_lock)
        {
            return _restoredDirect.GetValueOrDefault(message);
        }
    }

    /// <summary>This device sent in a channel: its chain there (perhaps a new one) is backed up from the ledger.</summary>
    public void OnOwnChainUsed(Guid channel)
    {
        if (_hasKey == false)
        {
            return;
        }

        lock (_lock)
        {
            _ownChannels.Add(channel);
        }

        Signal();
    }

    /// <summary>The first distribution of this device's current chain in each channel (for the setup's first write).</summary>
    public async Task<Dictionary<string, byte[]>> OwnChainEntriesAsync(IEnumerable<Guid> channels, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (await _state.GetAsync(LedgerRecordPrefix + channel.ToString("N"), cancellationToken).ConfigureAwait(false) is { } saved
                && SenderKeyLedger.Deserialize(saved) is { Points: [var first, ..] } ledger)
            {
                entries[ChainEntryName(channel, _self, _state.Device, ledger.ChainId)] = (byte[])first.Distribution.Clone();
            }
        }

        return entries;
    }

    /// <summary>Notes the entries a write stored (so they are not uploaded again) and the backup's version.</summary>
    public void NoteStored(KeyBackup backup)
    {
        lock (_lock)
        {
            _version = backup.Version;
            _stored.Clear();
            _stored.UnionWith(backup.Entries.Keys);
            _storedDirect = backup.Entries.Keys.Count(k => k.StartsWith(DirectPrefix, StringComparison.Ordinal));
        }
    }

    /// <summary>Whether a chain was imported from the backup (its sender device may have left the list since).</summary>
    public async ValueTask<bool> IsRestoredAsync(Guid channel, UserId user, DeviceId device, uint chainId, CancellationToken cancellationToken) =>
        (await LoadRestoredAsync(cancellationToken).ConfigureAwait(false)).Contains((channel, user, device, chainId));

    /// <summary>
    /// Installs every chain entry of <paramref name="backup"/> (crypto.md §15.5): each distribution under its channel and
    /// sender device, exactly as if it had arrived in a pairwise message. An entry that does not open or parse is skipped.
    /// </summary>
    /// <returns>The chains installed.</returns>
    public async Task<IReadOnlyList<(Guid Channel, UserId User, DeviceId Device)>> ImportAsync(KeyBackup backup, RecoveryKey key, CancellationToken cancellationToken)
    {
        var installed = new List<(Guid, UserId, DeviceId)>();
        var directChannels = new HashSet<Guid>();
        var restored = await LoadRestoredAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (name, sealedEntry) in backup.Entries)
        {
            if (name.StartsWith(DirectPrefix, StringComparison.Ordinal) && Guid.TryParseExact(name[DirectPrefix.Length..], "N", out var messageId))
            {
                ImportDirect(key, name, messageId, sealedEntry, directChannels);
                continue;
            }

            if (ParseChainEntryName(name) is not var (channel, user, device, chainId))
            {
                continue;
            }

            byte[] plaintext;
            SenderKeyDistributionMessage distribution;
            try
            {
                plaintext = KeyBackupCipher.Open(key, name, sealedEntry);
                distribution = SenderKeyDistributionMessage.Parse(plaintext);
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
            }
            catch (ChatalotCryptoException ex)
            {
                LogEntrySkipped(_logger, ex.Code.ToString());
                continue;
            }

            if (distribution.ChainId != chainId)
            {
                distribution.Wipe();
                LogEntrySkipped(_logger, "chain_id_mismatch");
                continue;
            }

            var sender = DeviceState.Address(user, device);
            var added = await _locks.RunAsync(StateLocks.SenderKeyKey(channel, sender), async () =>
                await new GroupSessionBuilder(_state.Store).ProcessAsync(new SenderKeyName(channel.ToString("D"), sender), distribution, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            distribution.Wipe();
            lock (_lock)
            {
                restored.Add((channel, user, device, chainId));
            }

            if (added)
            {
                installed.Add((channel, user, device));
            }
        }

        await SaveRestoredAsync(restored, cancellationToken).ConfigureAwait(false);
        NoteStored(backup);
        DirectChannels = [.. directChannels];
        return installed;
    }

    /// <summary>The direct-message channels the last import restored messages of (to fetch their history).</summary>
    public IReadOnlyList<Guid> DirectChannels { get; private set; } = [];

    private void ImportDirect(RecoveryKey key, string name, Guid message, byte[] sealedEntry, HashSet<Guid> channels)
    {
        byte[] entry;
        try
        {
            entry = KeyBackupCipher.Open(key, name, sealedEntry);
        }
        catch (ChatalotCryptoException ex)
        {
            LogEntrySkipped(_logger, ex.Code.ToString());
            return;
        }

        if (entry.Length <= 16)
        {
            return;
        }

        channels.Add(new Guid(entry.AsSpan(0, 16)));
        lock (_lock)
        {
            // Kept in memory only, for the history fetch that follows the restore (the device store holds no message text).
            _restoredDirect[message] = entry[16..];
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(entry);
    }

    /// <summary>
    /// A restored or linked device: keeps the recovery key, imports the backup's chains and hands them to
    /// <see cref="Restored"/>. A key that does not open the current backup (another device replaced it) is not kept.
    /// </summary>
    /// <returns>Whether the key opens the account's current backup.</returns>
    public async Task<bool> RestoreAsync(RecoveryKey key, KeyBackup? backup, CancellationToken cancellationToken)
    {
        if (backup is null)
        {
            try
            {
                backup = await _rest.GetKeyBackupAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChatalotApiException ex) when (ex.Code == ErrorCodes.NotFound)
            {
                return false;
            }
        }

        if (!backup.KeyId.AsSpan().SequenceEqual(key.KeyId))
        {
            return false;
        }

        await RememberKeyAsync(key, cancellationToken).ConfigureAwait(false);
        var installed = await ImportAsync(backup, key, cancellationToken).ConfigureAwait(false);
        LogRestored(_logger, installed.Count);
        if (Restored is { } restored)
        {
            await restored(installed, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// <see cref="RestoreAsync"/> after the account itself was restored or linked: a failure to read the history (the
    /// server unreachable) is logged, not thrown, so the device stays linked; the history can be restored again later.
    /// </summary>
    public async Task TryRestoreAsync(RecoveryKey key, KeyBackup? backup, CancellationToken cancellationToken)
    {
        try
        {
            await RestoreAsync(key, backup, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChatalotApiException or HttpRequestException or ChatalotClientException)
        {
            LogRestoreFailed(_logger, ex.GetType().Name);
        }
    }

    /// <summary>Uploads everything pending now (before this device leaves the account, and in tests).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            bool more;
            await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                more = await FlushOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _flushGate.Release();
            }

            if (!more)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (PendingCount > 0)
        {
            // Best effort: what was received in the last moments before the client closes is not lost to the backup.
            using var bounded = new CancellationTokenSource(FinalFlush, _time);
            try
            {
                await FlushAsync(bounded.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Closing must not fail on the backup; the entries are lost, as documented.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogUploadFailed(_logger, ex.GetType().Name);
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        _flushGate.Dispose();
    }

    private void Add(string name, byte[] plaintext)
    {
        lock (_lock)
        {
            if (_stored.Contains(name))
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
                return;
            }

            if (!_pending.ContainsKey(name))
            {
                _pendingOrder.Enqueue(name);
            }

            _pending[name] = plaintext;
            while (_pending.Count > MaxPending && _pendingOrder.TryDequeue(out var oldest))
            {
                // Bounded: a device far behind (the server unreachable for long) drops the oldest, never memory.
                if (_pending.Remove(oldest, out var dropped))
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(dropped);
                    LogDropped(_logger);
                }
            }
        }

        Signal();
    }

    private void Signal()
    {
        lock (_lock)
        {
            _loop ??= Task.Run(RunAsync);
        }

        Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake).Task;
            var idle = false;
            lock (_lock)
            {
                idle = _pending.Count == 0 && _ownChannels.Count == 0;
            }

            if (idle)
            {
                await wake.WaitAsync(token).ConfigureAwait(false);
            }

            // Lets a burst of installs (a catch-up) land in one write.
            await Task.Delay(Coalesce, _time, token).ConfigureAwait(false);
            try
            {
                await FlushAsync(token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The uploader must outlive a failed write: entries stay pending and the next round retries.
            catch (Exception ex) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogUploadFailed(_logger, ex.GetType().Name);
                await Task.Delay(RetryDelay, _time, token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One batch; true when more is pending.</summary>
    private async Task<bool> FlushOnceAsync(CancellationToken cancellationToken)
    {
        Guid[] own;
        lock (_lock)
        {
            own = [.. _ownChannels];
            _ownChannels.Clear();
        }

        foreach (var (name, value) in await OwnChainEntriesAsync(own, cancellationToken).ConfigureAwait(false))
        {
            Add(name, value);
        }

        List<KeyValuePair<string, byte[]>> batch;
        lock (_lock)
        {
            batch = [.. _pendingOrder.Where(_pending.ContainsKey).Distinct(StringComparer.Ordinal).Take(MaxBatch).Select(n => new KeyValuePair<string, byte[]>(n, _pending[n]))];
        }

        if (batch.Count == 0)
        {
            return false;
        }

        using var key = await LoadKeyAsync(cancellationToken).ConfigureAwait(false);
        if (key is null)
        {
            await ForgetKeyAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        var entries = batch.ToDictionary(e => e.Key, e => KeyBackupCipher.Seal(key, e.Key, e.Value), StringComparer.Ordinal);
        for (var attempt = 0; ; attempt++)
        {
            long version;
            lock (_lock)
            {
                version = _version;
            }

            if (version < 0)
            {
                KeyBackup current;
                try
                {
                    current = await _rest.GetKeyBackupAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ChatalotApiException ex) when (ex.Code == ErrorCodes.NotFound)
                {
                    // The backup was deleted: nothing to add to until a recovery key is set up again.
                    await ForgetKeyAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }

                if (!current.KeyId.AsSpan().SequenceEqual(key.KeyId))
                {
                    // Another device set up a new recovery key: this one no longer opens the backup.
                    await ForgetKeyAsync(cancellationToken).ConfigureAwait(false);
                    return false;
                }

                NoteStored(current);
                version = current.Version;
            }

            try
            {
                NoteStored(await _rest.PutKeyBackupAsync(new KeyBackupUpload(key.KeyId, entries, version), cancellationToken).ConfigureAwait(false));
                break;
            }
            catch (ChatalotApiException ex) when (ex.Code == ErrorCodes.BackupConflict && attempt < MaxConflictRetries)
            {
                // Another device wrote first: re-read the version (and the key id) and write on top of it.
                lock (_lock)
                {
                    _version = -1;
                }
            }
        }

        lock (_lock)
        {
            foreach (var (name, value) in batch)
            {
                if (_pending.TryGetValue(name, out var current) && ReferenceEquals(current, value))
                {
                    _pending.Remove(name);
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(value);
                }
            }

            while (_pendingOrder.TryPeek(out var head) && !_pending.ContainsKey(head))
            {
                _pendingOrder.Dequeue();
            }

            LogUploaded(_logger, batch.Count);
            return _pending.Count > 0;
        }
    }

    private async ValueTask<HashSet<(Guid Channel, UserId User, DeviceId Device, uint ChainId)>> LoadRestoredAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _restored) is { } known)
        {
            return known;
        }

        var set = new HashSet<(Guid, UserId, DeviceId, uint)>();
        if (await _state.GetAsync(RestoredRecord, cancellationToken).ConfigureAwait(false) is { } saved)
        {
            for (var at = 0; at + 40 <= saved.Length; at += 40)
            {
                set.Add((new Guid(saved.AsSpan(at, 16)), new UserId(new Guid(saved.AsSpan(at + 16, 16))),
                    new DeviceId(BinaryPrimitives.ReadInt32BigEndian(saved.AsSpan(at + 32))), BinaryPrimitives.ReadUInt32BigEndian(saved.AsSpan(at + 36))));
            }
        }

        return Interlocked.CompareExchange(ref _restored, set, null) ?? set;
    }

    private async ValueTask SaveRestoredAsync(HashSet<(Guid Channel, UserId User, DeviceId Device, uint ChainId)> restored, CancellationToken cancellationToken)
    {
        byte[] bytes;
        lock (_lock)
        {
            bytes = new byte[restored.Count * 40];
            var at = 0;
            foreach (var (channel, user, device, chainId) in restored)
            {
                channel.TryWriteBytes(bytes.AsSpan(at));
                user.Value.TryWriteBytes(bytes.AsSpan(at + 16));
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(at + 32), device.Value);
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at + 36), chainId);
                at += 40;
            }
        }

        await _state.PutAsync(RestoredRecord, bytes, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "Backed up {Count} history entries")]
    private static partial void LogUploaded(ILogger logger, int count);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Could not write to the key backup ({Error}); it is retried")]
    private static partial void LogUploadFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "A history entry waiting for the key backup was dropped: too many pending")]
    private static partial void LogDropped(ILogger logger);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Information, Message = "Restored {Count} sender-key chains from the key backup")]
    private static partial void LogRestored(ILogger logger, int count);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Warning, Message = "Could not restore history from the key backup ({Error}); the device is linked, restore again later")]
    private static partial void LogRestoreFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "Skipped a key backup entry that did not open: {Code}")]
    private static partial void LogEntrySkipped(ILogger logger, string code);
}
