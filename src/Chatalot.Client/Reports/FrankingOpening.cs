using Chatalot.Protocol.Content;

namespace Chatalot.Client;

/// <summary>
/// What reporting a message reveals (crypto.md §14.4): the exact padded plaintext this client decrypted, which carries the
/// message's franking key. An app that keeps messages across restarts keeps this beside them, sealed like the text
/// (<see cref="ToBase64"/>/<see cref="FromBase64"/>), so a message can still be reported after a reload.
/// <see cref="ToString"/> never shows it.
/// </summary>
public sealed class FrankingOpening
{
    private readonly byte[] _plaintext;

    internal FrankingOpening(byte[] plaintext) => _plaintext = plaintext;

    internal byte[] Plaintext => _plaintext;

    /// <summary>The opening as base64, for an app's own sealed store.</summary>
    /// <returns>The base64 text.</returns>
    public string ToBase64() => Convert.ToBase64String(_plaintext);

    /// <summary>Reads an opening kept with <see cref="ToBase64"/>.</summary>
    /// <param name="base64">The kept text.</param>
    /// <returns>The opening.</returns>
    /// <exception cref="FormatException">Not base64, or not content carrying a franking key.</exception>
    public static FrankingOpening FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        var plaintext = Convert.FromBase64String(base64);
        try
        {
            if (ContentCodec.Decode(plaintext).FrankingKey is null)
            {
                throw new FormatException("The opening's content carries no franking key.");
            }
        }
        catch (ContentFormatException ex)
        {
            throw new FormatException("The opening is not message content.", ex);
        }

        return new FrankingOpening(plaintext);
    }

    /// <summary>Describes the opening without revealing it.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() => $"FrankingOpening ({_plaintext.Length} bytes, redacted)";
}
