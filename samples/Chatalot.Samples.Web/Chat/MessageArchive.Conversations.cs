using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chatalot.Samples.Web.Vault;

namespace Chatalot.Samples.Web.Chat;

// The conversation log: reactions, votes, polls and thread replies, sealed like every archived message, under their own
// key space ("x/", never a channel id) and read back whole at unlock for the SDK's conversation model.
public sealed partial class MessageArchive
{
    private const int MaxKept = 50_000;

    private string KeptPrefix => _prefix + "x/";

    /// <summary>Writes one conversation message; a failure is logged, never shown.</summary>
    public async Task SaveKeptAsync(KeptContent kept)
    {
        try
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{KeptPrefix}{kept.SentAt.UtcTicks:D19}/{kept.Id:N}");
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(kept, WebJsonContext.Default.KeptContent);
            try
            {
                await browser.MessagePutAsync(key, kept.Id.ToString("N"), VaultCipher.Seal(_sealKey, Encoding.UTF8.GetBytes(key), plaintext));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        catch (Exception ex) when (ex is Microsoft.JSInterop.JSException or InvalidOperationException)
        {
            logger.LogWarning("Could not archive a conversation message: {Error}", ex.GetType().Name);
        }
    }

    /// <summary>Every kept conversation message (the newest <see cref="MaxKept"/>), in no particular order.</summary>
    public async Task<IReadOnlyList<KeptContent>> LoadKeptAsync()
    {
        var flat = await browser.MessagePageAsync(KeptPrefix, null, MaxKept);
        var kept = new List<KeptContent>(flat.Length / 2);
        for (var i = 0; i + 1 < flat.Length; i += 2)
        {
            try
            {
                var plaintext = VaultCipher.Open(_sealKey, Encoding.UTF8.GetBytes(flat[i]), Convert.FromBase64String(flat[i + 1]));
                if (JsonSerializer.Deserialize(plaintext, WebJsonContext.Default.KeptContent) is { } record)
                {
                    kept.Add(record);
                }

                CryptographicOperations.ZeroMemory(plaintext);
            }
            catch (Exception ex) when (ex is VaultException or JsonException or FormatException)
            {
                logger.LogWarning("Skipped a kept conversation message that failed authentication or parsing: {Error}", ex.GetType().Name);
            }
        }

        return kept;
    }
}
