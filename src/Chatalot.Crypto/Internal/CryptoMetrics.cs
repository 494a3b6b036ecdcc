using System.Diagnostics.Metrics;

namespace Chatalot.Crypto.Internal;

/// <summary>
/// The "Chatalot.Crypto" meter. Counts outcomes only: no tag ever carries an address, key or plaintext.
/// </summary>
internal static class CryptoMetrics
{
    public const string MeterName = "Chatalot.Crypto";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Decrypted = Meter.CreateCounter<long>(
        "chatalot.crypto.messages.decrypted", unit: "{message}", description: "Messages that authenticated and decrypted.");

    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>(
        "chatalot.crypto.messages.rejected", unit: "{message}", description: "Messages rejected, by error code.");

    private static readonly Counter<long> SessionsStarted = Meter.CreateCounter<long>(
        "chatalot.crypto.sessions.started", unit: "{session}", description: "Pairwise sessions established by PQXDH.");

    public static void RecordDecrypted(string kind)
    {
        if (Decrypted.Enabled)
        {
            Decrypted.Add(1, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public static void RecordRejected(string kind, CryptoErrorCode code)
    {
        if (Rejected.Enabled)
        {
            Rejected.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("code", code.ToString()));
        }
    }

    public static void RecordSessionStarted(string role)
    {
        if (SessionsStarted.Enabled)
        {
            SessionsStarted.Add(1, new KeyValuePair<string, object?>("role", role));
        }
    }
}
