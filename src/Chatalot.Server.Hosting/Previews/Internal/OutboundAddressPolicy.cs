using System.Net;
using System.Net.Sockets;

namespace Chatalot.Server.Hosting.Previews.Internal;

/// <summary>
/// Which addresses the server may connect to when it fetches a link for someone: only public unicast ones. The deny list
/// is the special-purpose registries of IPv4 and IPv6 (RFC 6890 and successors), plus the IPv6 ranges that embed an
/// IPv4 address (6to4, NAT64, IPv4-compatible), since those could reach a private IPv4 host. IPv4-mapped IPv6 addresses
/// are judged as the IPv4 address they map.
/// </summary>
internal sealed class OutboundAddressPolicy(IEnumerable<IPNetwork> allowed)
{
    private static readonly IPNetwork[] Denied =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
            "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(n => IPNetwork.Parse(n)),
    ];

    private readonly IPNetwork[] _allowed = [.. allowed];

    /// <summary>Whether the server may connect to <paramref name="address"/>.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        foreach (var network in _allowed)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        foreach (var network in Denied)
        {
            if (network.Contains(address))
            {
                return false;
            }
        }

        return true;
    }
}
