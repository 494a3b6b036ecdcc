namespace Chatalot.Crypto;

/// <summary>Placeholder replaced in the sender-key step.</summary>
public sealed class SenderKeyRecord
{
}
