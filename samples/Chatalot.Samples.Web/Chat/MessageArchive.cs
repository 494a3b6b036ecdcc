using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatalot.Samples.Web.Browser;
using Chatalot.Samples.Web.Vault;

namespace Chatalot.Samples.Web.Chat;

/// <summary>
/// The decrypted messages of this browser, kept in IndexedDB so that they still show after a reload: end-to-end
/// encryption means the server's copy can only be read once (the ratchet keys are gone after that), exactly like a
/// phone app's local history. Each message is one record sealed with ChaCha20-Poly1305 under a subkey of the vault's
/// device-store key, bound to its IndexedDB key; the key (channel / time / id) orders a channel's history so pages of
/// older messages are one range read. Channel ids and times are visible there; the server knows them anyway.
/// </summary>
public sealed partial class MessageArchive(BrowserInterop browser, ReadOnlyMemory<byte> storeKey, ILogger<MessageArchive> logger) : IDisposable
{
    private const string Root = "m/";
    private readonly byte[] _sealKey = VaultCipher.DeriveSubkey(storeKey.Span, "chatalot-web/message-archive/seal/v1");
    private readonly string _prefix = Root + StoreId(storeKey.Span) + "/";

    /// <summary>Deletes every archived message of this browser (sign-out, or a fresh sign-in).</summary>
    public static ValueTask ClearAllAsync(BrowserInterop browser) => browser.MessageClearAsync(Root);

    /// <summary>Writes (or rewrites, after an edit) one message; a failure is logged, never shown: the live view is unaffected.</summary>
    public async Task SaveAsync(ChatMessage message)
    {
        try
        {
            var key = KeyOf(message);
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(message, WebJsonContext.Default.ChatMessage);
            try
            {
                await browser.MessagePutAsync(key, message.Id.ToString("N"), VaultCipher.Seal(_sealKey, Encoding.UTF8.GetBytes(key), plaintext));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        catch (Exception ex) when (ex is Microsoft.JSInterop.JSException or InvalidOperationException)
        {
            logger.LogWarning("Could not archive a message: {Error}", ex.GetType().Name);
        }
    }

    public async Task DeleteAsync(Guid messageId)
    {
        try
        {
            await browser.MessageDeleteAsync(messageId.ToString("N"));
        }
        catch (Microsoft.JSInterop.JSException ex)
        {
            logger.LogWarning("Could not delete an archived message: {Error}", ex.GetType().Name);
        }
    }

    /// <summary>Up to <paramref name="limit"/> messages of a channel older than <paramref name="before"/> (the newest when null), oldest first.</summary>
    public async Task<IReadOnlyList<ChatMessage>> LoadPageAsync(Guid channelId, ChatMessage? before, int limit)
    {
        var flat = await browser.MessagePageAsync(ChannelPrefix(channelId), before is null ? null : KeyOf(before), limit);
        var page = new List<ChatMessage>(flat.Length / 2);
        for (var i = flat.Length - 2; i >= 0; i -= 2)
        {
            try
            {
                var plaintext = VaultCipher.Open(_sealKey, Encoding.UTF8.GetBytes(flat[i]), Convert.FromBase64String(flat[i + 1]));
                if (JsonSerializer.Deserialize(plaintext, WebJsonContext.Default.ChatMessage) is { } message)
                {
                    page.Add(message);
                }

                CryptographicOperations.ZeroMemory(plaintext);
            }
            catch (Exception ex) when (ex is VaultException or JsonException or FormatException)
            {
                // A damaged record is skipped rather than hiding the rest of the history.
                logger.LogWarning("Skipped an archived message that failed authentication or parsing: {Error}", ex.GetType().Name);
            }
        }

        return page;
    }

    /// <summary>Whether message <paramref name="messageId"/> of channel <paramref name="channelId"/> is in this browser's archive.</summary>
    public async Task<bool> ContainsAsync(Guid channelId, Guid messageId)
    {
        try
        {
            return await browser.MessageKeyOfAsync(messageId.ToString("N")) is { } key && key.StartsWith(ChannelPrefix(channelId), StringComparison.Ordinal);
        }
        catch (Microsoft.JSInterop.JSException ex)
        {
            logger.LogWarning("Could not look up an archived message: {Error}", ex.GetType().Name);
            return false;
        }
    }

    /// <summary>
    /// Every archived message of every channel, <paramref name="limit"/> at a time in key order, after the key
    /// <paramref name="after"/> (from the start when null): the search index is fed from it after an unlock. Returns
    /// the page and the key to continue after (null when done).
    /// </summary>
    public async Task<(IReadOnlyList<ChatMessage> Page, string? Next)> ScanAsync(string? after, int limit)
    {
        var flat = await browser.MessageScanAsync(_prefix, after, limit);
        var page = new List<ChatMessage>(flat.Length / 2);
        for (var i = 0; i < flat.Length; i += 2)
        {
            if (Open(flat[i], flat[i + 1]) is { } message)
            {
                page.Add(message);
            }
        }

        return (page, flat.Length / 2 < limit ? null : flat[^2]);
    }

    /// <summary>Writes many messages in one IndexedDB transaction (test seeding of long channels).</summary>
    public async Task SaveManyAsync(IReadOnlyList<ChatMessage> messages)
    {
        var flat = new List<string>(messages.Count * 3);
        foreach (var message in messages)
        {
            var key = KeyOf(message);
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(message, WebJsonContext.Default.ChatMessage);
            flat.Add(key);
            flat.Add(message.Id.ToString("N"));
            flat.Add(Convert.ToBase64String(VaultCipher.Seal(_sealKey, Encoding.UTF8.GetBytes(key), plaintext)));
            CryptographicOperations.ZeroMemory(plaintext);
        }

        await browser.MessagePutManyAsync([.. flat]);
    }

    private ChatMessage? Open(string key, string sealedBase64)
    {
        try
        {
            var plaintext = VaultCipher.Open(_sealKey, Encoding.UTF8.GetBytes(key), Convert.FromBase64String(sealedBase64));
            var message = JsonSerializer.Deserialize(plaintext, WebJsonContext.Default.ChatMessage);
            CryptographicOperations.ZeroMemory(plaintext);
            return message;
        }
        catch (Exception ex) when (ex is VaultException or JsonException or FormatException)
        {
            logger.LogWarning("Skipped an archived message that failed authentication or parsing: {Error}", ex.GetType().Name);
            return null;
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_sealKey);

    private string ChannelPrefix(Guid channelId) => $"{_prefix}{channelId:N}/";

    // Ticks are zero-padded so that key order is time order.
    private string KeyOf(ChatMessage message) =>
        // A thread reply is kept under its root, so the thread panel pages it like a channel (ChatSession.Conversations.cs).
        string.Create(CultureInfo.InvariantCulture, $"{ChannelPrefix(message.ThreadRootId ?? message.ChannelId)}{message.SentAt.UtcTicks:D19}/{message.Id:N}");

    internal static string StoreId(ReadOnlySpan<byte> storeKey) =>
        Convert.ToHexStringLower(VaultCipher.Mac(VaultCipher.DeriveSubkey(storeKey, "chatalot-web/store-id/v1"), "id"u8)[..8]);
}
