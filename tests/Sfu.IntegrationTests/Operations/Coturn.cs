using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sfu.IntegrationTests.Operations;

/// <summary>
/// A real coturn (Debian's turnserver) on loopback with the TURN REST API scheme (<c>use-auth-secret</c>), its own ports,
/// a temporary config and database, and permission to relay to loopback peers (the test server binds 127.0.0.1).
/// Stopped, by its own process handle, when disposed.
/// </summary>
internal sealed class Coturn : IAsyncDisposable
{
    public const string Executable = "/usr/bin/turnserver";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private Coturn(Process process, string directory, int port, string secret)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Secret = secret;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Secret { get; }

    public string Url => $"turn:127.0.0.1:{Port}?transport=udp";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<Coturn> StartAsync(string secret)
    {
        Assert.True(File.Exists(Executable), "coturn is missing: scripts/test.sh installs it (apt)");
        string directory = Directory.CreateTempSubdirectory("sfu-coturn-").FullName;
        int port = FreeUdpPort();
        int relayBase = 40000 + Random.Shared.Next(0, 50) * 100;
        string config = Path.Combine(directory, "turnserver.conf");
        await File.WriteAllLinesAsync(config,
        [
            "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", $"listening-port={port}", $"min-port={relayBase}", $"max-port={relayBase + 99}",
            "use-auth-secret", $"static-auth-secret={secret}", "realm=sfu.test", "allow-loopback-peers", "no-cli", "no-tls", "no-dtls",
            "fingerprint", "no-multicast-peers", $"pidfile={Path.Combine(directory, "turnserver.pid")}", $"userdb={Path.Combine(directory, "turndb")}",
            "log-file=stdout", "verbose",
        ]);
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var coturn = new Coturn(Process.Start(start)!, directory, port, secret);
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        // Its last start-up line: the credential database (unused with use-auth-secret) is open, the listeners are up.
        while (!coturn.Log.Contains("DB connection success", StringComparison.Ordinal))
        {
            Assert.False(coturn._process.HasExited, "coturn exited:\n" + coturn.Log);
            Assert.True(DateTime.UtcNow < deadline, "coturn did not start:\n" + coturn.Log);
            await Task.Delay(100);
        }

        await Task.Delay(300);
        return coturn;
    }

    /// <summary>A TURN allocation from coturn's own test client (<c>turnutils_uclient</c>, client-to-client relaying): exit 0 when it was allowed and relayed.</summary>
    public Task<(int ExitCode, string Output)> AllocateAsync(string username, string password) =>
        ExternalTool.RunAsync("/usr/bin/turnutils_uclient", ["-y", "-n", "2", "-m", "1", "-l", "100", "-u", username, "-w", password, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1"], timeout: TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
