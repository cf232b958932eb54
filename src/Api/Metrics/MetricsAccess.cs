using System.Net;

namespace Api.Metrics;

/// <summary>Whether a scraper's address is in <c>Metrics:AllowedAddresses</c>, so /metrics is not readable by the whole internet by accident.</summary>
public sealed class MetricsAccess(IReadOnlyList<IPNetwork> allowed)
{
    public bool Allows(IPAddress? remote)
    {
        if (remote is null)
        {
            // No TCP peer (an in-process test server): nothing came over a network.
            return true;
        }

        // Kestrel's dual-stack sockets report an IPv4 client as ::ffff:a.b.c.d.
        IPAddress address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        foreach (IPNetwork network in allowed)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
