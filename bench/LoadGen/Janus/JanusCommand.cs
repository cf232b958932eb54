namespace LoadGen.Janus;

/// <summary><c>--target janus --server ws://HOST:8188 --probe</c>: the Janus modes of the load tool.</summary>
internal static class JanusCommand
{
    public const string Usage = """
        Against Janus's VideoRoom (WebSocket API, bench/README.md says how to start it):
          --target janus --server ws://127.0.0.1:8188 --probe [--bind ADDRESS] [--janus-log FILE]
              one publisher and one subscriber, checks media flows; --bind: our clients' address (default 127.0.0.1;
              Janus leaves loopback out of its candidates, so give one of the host's other addresses; --janus-log: every
              JSON message sent and received, one a line, as the recorded test replies were taken)
        """;

    /// <summary>The probe when <paramref name="args"/> ask for one against Janus, else null.</summary>
    public static Task<int>? TryRun(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        int target = Array.IndexOf(args, "--target");
        if (target < 0 || target + 1 >= args.Length || args[target + 1] != "janus")
        {
            return null;
        }

        int server = Array.IndexOf(args, "--server");
        if (server < 0 || server + 1 >= args.Length || !Uri.TryCreate(args[server + 1], UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("ws" or "wss"))
        {
            output.WriteLine("--target janus needs --server ws://HOST:PORT (Janus's WebSocket transport)");
            output.WriteLine(Usage);
            return Task.FromResult(2);
        }

        if (!Array.Exists(args, a => a == "--probe"))
        {
            return null; // a load run: RemoteOptions reads it
        }

        int bind = Array.IndexOf(args, "--bind");
        string bindAddress = bind >= 0 && bind + 1 < args.Length ? args[bind + 1] : "127.0.0.1";
        if (!System.Net.IPAddress.TryParse(bindAddress, out _))
        {
            output.WriteLine("--bind needs an IP address");
            return Task.FromResult(2);
        }

        int trace = Array.IndexOf(args, "--janus-log");
        string? tracePath = trace >= 0 && trace + 1 < args.Length ? args[trace + 1] : null;
        return ProbeAsync(uri, bindAddress, tracePath, output, cancellationToken);
    }

    /// <summary>Runs the probe; a refusal, a timeout or a failed handshake ends it with its reason rather than a stack trace.</summary>
    private static async Task<int> ProbeAsync(Uri server, string bindAddress, string? tracePath, TextWriter output, CancellationToken cancellationToken)
    {
        using StreamWriter? trace = tracePath is null ? null : new StreamWriter(tracePath);
        try
        {
            return await JanusProbe.RunAsync(server, bindAddress, trace, output, cancellationToken);
        }
        catch (Exception ex) when (ex is JanusException or TimeoutException or System.Net.WebSockets.WebSocketException
            or Sfu.Dtls.DtlsHandshakeException or Sfu.Client.ClientNegotiationException)
        {
            output.WriteLine("janus probe failed: " + ex.Message);
            return 1;
        }
    }
}
