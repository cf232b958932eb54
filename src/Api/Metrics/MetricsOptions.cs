using System.Net;

namespace Api.Metrics;

/// <summary>The "Metrics" configuration section: where <c>/metrics</c> is served and who may read it.</summary>
public sealed class MetricsOptions
{
    /// <summary>Loopback and the private ranges (RFC 1918, RFC 4193), where Prometheus runs beside the server in compose or Kubernetes.</summary>
    public static readonly string[] DefaultAllowedAddresses = ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"];

    /// <summary>0: /metrics is served on the HTTP port(s). Otherwise it is served only on this port (all interfaces), and not on the others.</summary>
    public int Port { get; set; }

    /// <summary>Networks (CIDR, or single addresses) whose clients may scrape; everyone else gets 403. Null: <see cref="DefaultAllowedAddresses"/>.</summary>
    public string[]? AllowedAddresses { get; set; }

    /// <summary>What is wrong with these settings, one sentence each naming the setting.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add($"Metrics:Port must be 0 (the HTTP port) or a TCP port 1-65535, not {Port}.");
        }

        foreach (string entry in AllowedAddresses ?? [])
        {
            if (!TryParseNetwork(entry, out _))
            {
                problems.Add($"Metrics:AllowedAddresses entry '{entry}' is not an address or a CIDR network such as 10.0.0.0/8.");
            }
        }

        return problems;
    }

    /// <summary>The allowed networks; entries that do not parse are left out (<see cref="Problems"/> refuses them at start).</summary>
    public IReadOnlyList<IPNetwork> AllowedNetworks()
    {
        var networks = new List<IPNetwork>();
        foreach (string entry in AllowedAddresses ?? DefaultAllowedAddresses)
        {
            if (TryParseNetwork(entry, out IPNetwork network))
            {
                networks.Add(network);
            }
        }

        return networks;
    }

    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        if (IPNetwork.TryParse(entry, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(entry, out IPAddress? address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }
}
