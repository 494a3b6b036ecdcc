namespace Chatalot.Crypto.Tests;

public class CryptoProviderKindTests
{
    [Fact]
    public void Automatic_IsTheDefault()
    {
        Assert.Equal(CryptoProviderKind.Automatic, default(CryptoProviderKind));
    }
}
