using System.Net;
using Chatalot.Server.Hosting.Previews.Internal;

namespace Chatalot.Server.Hosting.Tests.Previews;

public sealed class OutboundAddressPolicyTests
{
    private static readonly OutboundAddressPolicy Default = new([]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("100.64.0.1")] // carrier-grade NAT
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("192.0.2.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped loopback
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")] // IPv4-compatible
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("2002:a00:1::1")] // 6to4 of 10.0.0.1
    [InlineData("2001:db8::1")]
    public void SpecialPurposeAddresses_AreRefused(string address) =>
        Assert.False(Default.IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")] // just past 172.16/12
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:1.1.1.1")]
    public void PublicAddresses_AreAllowed(string address) =>
        Assert.True(Default.IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void AllowedNetworks_OpenOnlyWhatTheyName()
    {
        var policy = new OutboundAddressPolicy([IPNetwork.Parse("127.0.0.1/32")]);
        Assert.True(policy.IsAllowed(IPAddress.Parse("127.0.0.1")));
        Assert.True(policy.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("127.0.0.2")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("10.0.0.1")));
    }
}
