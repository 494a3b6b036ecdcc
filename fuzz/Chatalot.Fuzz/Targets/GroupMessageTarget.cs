using Chatalot.Crypto;
using Chatalot.Fuzz.Seeds;

namespace Chatalot.Fuzz.Targets;

/// <summary>
/// <see cref="GroupCipher.DecryptAsync"/> on sender-key messages from a channel, after the receiver installed the
/// sender's chain. Its documented errors are all <see cref="ChatalotCryptoException"/>s. Input: the 74-byte
/// <see cref="SenderKeyDistributionMessage"/> the receiver installs first, then the group message.
/// </summary>
public sealed class GroupMessageTarget : FuzzTarget
{
    // The store only needs some identity; sender keys do not depend on it.
    private static readonly IdentityKeyPair Identity = IdentityKeyPair.Generate();

    /// <inheritdoc />
    public override string Name => "group-message";

    /// <inheritdoc />
    public override string Description => "GroupCipher.DecryptAsync (signed sender-key messages) after a distribution; allows ChatalotCryptoException";

    /// <inheritdoc />
    public override void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length < SenderKeyDistributionMessage.Size)
        {
            return;
        }

        try
        {
            var store = new InMemoryProtocolStore(Identity, CryptoFixture.Bob);
            var distribution = SenderKeyDistributionMessage.Parse(data[..SenderKeyDistributionMessage.Size]);
            _ = new GroupSessionBuilder(store).ProcessAsync(CryptoFixture.Channel, distribution).AsTask().GetAwaiter().GetResult();
            using var cipher = new GroupCipher(store, CryptoFixture.Channel);
            _ = cipher.DecryptAsync(data[SenderKeyDistributionMessage.Size..].ToArray()).AsTask().GetAwaiter().GetResult();
        }
        catch (ChatalotCryptoException)
        {
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, byte[] Data)> CreateSeeds()
    {
        var f = CryptoFixture.Create();
        var distribution = f.Distribution.Serialize();
        for (var i = 0; i < f.GroupMessages.Length; i++)
        {
            yield return ($"message-{i}.bin", [.. distribution, .. f.GroupMessages[i]]);
        }
    }
}
