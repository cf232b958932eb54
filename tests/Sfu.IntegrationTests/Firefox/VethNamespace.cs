using System.Diagnostics;
using System.Globalization;

namespace Sfu.IntegrationTests.Firefox;

/// <summary>
/// A network namespace joined to this host by a veth pair, both ends with private addresses of their own
/// (10.213.N.1 on the host, 10.213.N.2 inside, N from the process id), the host end the namespace's default route.
/// Why: Firefox gathers ICE candidates only on its default-route interface and ignores a 127.0.0.1 server candidate, so
/// a Firefox run inside this namespace talks to a server bound on <see cref="HostAddress"/> over addresses that are
/// neither loopback nor anywhere outside this machine (no packet leaves the veth pair). Needs root (CI runs as root).
/// Names carry the creating process id, so namespaces a crashed earlier run left behind are found and removed.
/// </summary>
public sealed class VethNamespace : IAsyncDisposable
{
    private const string NamespacePrefix = "sfu-ff-";
    private const string HostLinkPrefix = "sfuffh";

    private VethNamespace(string name, string hostLink, string hostAddress, string namespaceAddress)
    {
        Name = name;
        HostLink = hostLink;
        HostAddress = hostAddress;
        NamespaceAddress = namespaceAddress;
    }

    /// <summary>The namespace's name, for <c>ip netns exec</c>.</summary>
    public string Name { get; }

    /// <summary>The host end of the veth pair.</summary>
    public string HostLink { get; }

    /// <summary>The host end's address: bind the server here; the namespace routes everything to it.</summary>
    public string HostAddress { get; }

    /// <summary>The address inside the namespace (Firefox's host candidate).</summary>
    public string NamespaceAddress { get; }

    public static async Task<VethNamespace> CreateAsync()
    {
        await RemoveStaleAsync();
        int pid = Environment.ProcessId;
        string name = NamespacePrefix + pid.ToString(CultureInfo.InvariantCulture);
        string hostLink = HostLinkPrefix + pid.ToString(CultureInfo.InvariantCulture);
        string innerLink = "sfuffn" + pid.ToString(CultureInfo.InvariantCulture);
        int subnet = (pid % 250) + 1;
        string hostAddress = $"10.213.{subnet}.1";
        string namespaceAddress = $"10.213.{subnet}.2";

        // An earlier test of this same process that did not get to clean up.
        await RemoveAsync(name, hostLink);

        var created = new VethNamespace(name, hostLink, hostAddress, namespaceAddress);
        try
        {
            await IpAsync("netns", "add", name);
            await IpAsync("link", "add", hostLink, "type", "veth", "peer", "name", innerLink, "netns", name);
            await IpAsync("addr", "add", hostAddress + "/30", "dev", hostLink);
            await IpAsync("link", "set", hostLink, "up");
            await IpAsync("-n", name, "link", "set", "lo", "up"); // Firefox's WebDriver BiDi listens on the namespace's loopback
            await IpAsync("-n", name, "addr", "add", namespaceAddress + "/30", "dev", innerLink);
            await IpAsync("-n", name, "link", "set", innerLink, "up");
            await IpAsync("-n", name, "route", "add", "default", "via", hostAddress);
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }

        return created;
    }

    /// <summary>Deleting the namespace deletes the veth pair with it; the host link is deleted too in case it was moved out.</summary>
    public async ValueTask DisposeAsync() => await RemoveAsync(Name, HostLink);

    /// <summary>Removes namespaces and host links of this kind whose creating process is gone.</summary>
    private static async Task RemoveStaleAsync()
    {
        foreach (string name in (await IpOutputAsync("netns", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string namespaceName = name.Split(' ')[0];
            if (OwnerIsGone(namespaceName, NamespacePrefix))
            {
                await RemoveAsync(namespaceName, HostLinkPrefix + namespaceName[NamespacePrefix.Length..]);
            }
        }

        foreach (string line in (await IpOutputAsync("-o", "link", "show", "type", "veth")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "12: sfuffh123@if2: <...>"
            string[] fields = line.Split(':', 3);
            string link = fields.Length > 1 ? fields[1].Trim().Split('@')[0] : "";
            if (OwnerIsGone(link, HostLinkPrefix))
            {
                await TryIpAsync("link", "del", link);
            }
        }
    }

    private static bool OwnerIsGone(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return false;
        }

        return pid != Environment.ProcessId && !Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task RemoveAsync(string name, string hostLink)
    {
        await TryIpAsync("netns", "del", name);
        await TryIpAsync("link", "del", hostLink);
    }

    private static async Task TryIpAsync(params string[] args) => await RunIpAsync(args);

    private static async Task IpAsync(params string[] args)
    {
        (int exitCode, string output) = await RunIpAsync(args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`ip {string.Join(' ', args)}` failed ({exitCode}): {output.Trim()} (the Firefox tests need root for network namespaces)");
        }
    }

    private static async Task<string> IpOutputAsync(params string[] args) => (await RunIpAsync(args)).Output;

    private static async Task<(int ExitCode, string Output)> RunIpAsync(string[] args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start `ip`");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
