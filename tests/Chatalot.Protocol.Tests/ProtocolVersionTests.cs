namespace Chatalot.Protocol.Tests;

public class ProtocolVersionTests
{
    [Fact]
    public void GatewayAndApiPaths_AreRooted()
    {
        Assert.StartsWith("/", ProtocolVersion.GatewayPath, StringComparison.Ordinal);
        Assert.StartsWith("/", ProtocolVersion.ApiPrefix, StringComparison.Ordinal);
        Assert.True(ProtocolVersion.Current >= 1);
    }
}
