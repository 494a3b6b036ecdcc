using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Chatalot.Client;
using Chatalot.Client.Storage;
using Chatalot.Samples.Web.Browser;

namespace Chatalot.Samples.Web.Vault;

/// <summary>
/// This browser's device key store: the client's <see cref="IDeviceStore"/> in IndexedDB, so that a reload and unlock
/// come back as the same device with the same sessions. Each record is sealed on its own with ChaCha20-Poly1305 under
/// a subkey of the vault's device-store key, bound as associated data to the account, its kind and its lookup id; the
/// IndexedDB key is an HMAC of kind and key, so the database shows neither contents nor whom a session is with.
/// A write touches one IndexedDB record in one transaction (resolved once committed), never the whole store; reads
/// are served from memory after the first.
/// </summary>
public sealed class IndexedDbDeviceStore : IDeviceStore, IDisposable
{
    private readonly BrowserInterop _browser;
    private readonly string _prefix;
    private readonly byte[] _sealKey;
    private readonly byte[] _lookupKey;
    private readonly Dictionary<(string Kind, string Key), byte[]> _cache = [];
#pragma warning disable CA2213 // Left undisposed on purpose: late callers get StoreClosed, not ObjectDisposedException; it owns no wait handle.
    private readonly SemaphoreSlim _gate = new(1, 1);
#pragma warning restore CA2213
    private bool _disposed;

    public IndexedDbDeviceStore(BrowserInterop browser, ReadOnlySpan<byte> storeKey)
    {
        _browser = browser;
        // Namespaced by an id derived from the key, so the store can be opened before the account is known (the
        // client itself records and checks which account a device store belongs to).
        _prefix = $"d/{Chat.MessageArchive.StoreId(storeKey)}/";
        _sealKey = VaultCipher.DeriveSubkey(storeKey, "chatalot-web/device-store/seal/v1");
        _lookupKey = VaultCipher.DeriveSubkey(storeKey, "chatalot-web/device-store/lookup/v1");
    }

    /// <summary>Deletes every device store of this browser (sign-out, or a fresh sign-in: an older store's key is gone with the old vault).</summary>
    public static ValueTask ClearAllAsync(BrowserInterop browser) => browser.RecordClearAsync("d/");

    public async ValueTask<byte[]?> GetAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        try
        {
            if (_cache.TryGetValue((kind, key), out var cached))
            {
                return cached.ToArray();
            }

            var id = IdOf(kind, key);
            if (await _browser.RecordGetAsync(id) is not { } sealedBytes)
            {
                return null;
            }

            var (storedKey, value) = Open(kind, id, sealedBytes);
            if (storedKey != key)
            {
                throw Corrupt();
            }

            _cache[(kind, key)] = value;
            return value.ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask PutAsync(string kind, string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        try
        {
            var id = IdOf(kind, key);
            await _browser.RecordPutAsync(id, Seal(kind, id, key, value.Span));
            if (_cache.Remove((kind, key), out var old))
            {
                CryptographicOperations.ZeroMemory(old);
            }

            _cache[(kind, key)] = value.ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<bool> DeleteAsync(string kind, string key, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        try
        {
            if (_cache.Remove((kind, key), out var old))
            {
                CryptographicOperations.ZeroMemory(old);
            }

            return await _browser.RecordDeleteAsync(IdOf(kind, key));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<KeyValuePair<string, byte[]>> ListAsync(string kind, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<KeyValuePair<string, byte[]>> records = [];
        await EnterAsync(cancellationToken);
        try
        {
            // The kind is part of the IndexedDB key (record kinds are fixed names such as "signed_prekeys"), so a list
            // is one range read; the keys within a kind stay hidden behind the HMAC.
            var kindPrefix = _prefix + kind + "/";
            var flat = await _browser.RecordListAsync(kindPrefix);
            for (var i = 0; i + 1 < flat.Length; i += 2)
            {
                var id = flat[i];
                var (key, value) = Open(kind, id, Convert.FromBase64String(flat[i + 1]));
                if (IdOf(kind, key) != id)
                {
                    throw Corrupt();
                }

                records.Add(new KeyValuePair<string, byte[]>(key, value));
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (var record in records)
        {
            yield return record;
        }
    }

    /// <summary>Zeroes the keys and the cached plaintexts (IndexedDB keeps only sealed records).</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_sealKey);
        CryptographicOperations.ZeroMemory(_lookupKey);
        foreach (var value in _cache.Values)
        {
            CryptographicOperations.ZeroMemory(value);
        }

        _cache.Clear();
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        if (_disposed)
        {
            _gate.Release();
            throw new ChatalotStoreException(ClientErrorCodes.StoreClosed, "The device store is closed.");
        }
    }

    private string IdOf(string kind, string key)
    {
        var mac = VaultCipher.Mac(_lookupKey, Encoding.UTF8.GetBytes(kind + "\0" + key));
        return _prefix + kind + "/" + Convert.ToBase64String(mac, 0, 24).Replace('+', '-').Replace('/', '_');
    }

    // The record carries its own key (a list must return it) in front of the value: [u16 key length][key][value].
    private byte[] Seal(string kind, string id, string key, ReadOnlySpan<byte> value)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var plaintext = new byte[2 + keyBytes.Length + value.Length];
        try
        {
            BinaryPrimitives.WriteUInt16BigEndian(plaintext, checked((ushort)keyBytes.Length));
            keyBytes.CopyTo(plaintext, 2);
            value.CopyTo(plaintext.AsSpan(2 + keyBytes.Length));
            return VaultCipher.Seal(_sealKey, Associated(kind, id), plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private (string Key, byte[] Value) Open(string kind, string id, byte[] sealedBytes)
    {
        byte[] plaintext;
        try
        {
            plaintext = VaultCipher.Open(_sealKey, Associated(kind, id), sealedBytes);
        }
        catch (VaultException)
        {
            throw Corrupt();
        }

        if (plaintext.Length < 2)
        {
            throw Corrupt();
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(plaintext);
        if (length > plaintext.Length - 2)
        {
            throw Corrupt();
        }

        var key = Encoding.UTF8.GetString(plaintext, 2, length);
        var value = plaintext[(2 + length)..];
        CryptographicOperations.ZeroMemory(plaintext);
        return (key, value);
    }

    private byte[] Associated(string kind, string id) => Encoding.UTF8.GetBytes($"chatalot-web-device/v1/{_prefix}{kind}/{id}");

    private static ChatalotStoreException Corrupt() =>
        new(ClientErrorCodes.StoreRecordCorrupt, "A record of this browser's device store failed authentication.");
}
