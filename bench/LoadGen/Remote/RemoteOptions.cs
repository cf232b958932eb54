using System.Globalization;

namespace LoadGen.Remote;

/// <summary>Command line of the modes that point at a running server (<c>--server</c>) or measure the UDP floor (<c>--raw-udp</c>).</summary>
internal sealed class RemoteOptions
{
    public Uri? Server { get; private set; }

    public Scenario Scenario { get; private set; } = null!;

    public int Rooms { get; private set; } = 1;

    public int Seconds { get; private set; } = 20;

    public int AudioPps { get; private set; } = 50;

    public int VideoPps { get; private set; } = 100;

    public int AudioBytes { get; private set; } = 100;

    public int VideoBytes { get; private set; } = 1000;

    public int VideoPacketsPerFrame { get; private set; } = 3;

    /// <summary>Where to write the result as JSON; "-" for standard output.</summary>
    public string? JsonPath { get; private set; }

    /// <summary>The server's process id, for its CPU from /proc when its /metrics has no process_cpu_seconds_total.</summary>
    public int ServerPid { get; private set; }

    /// <summary>How many participants join at the same time.</summary>
    public int JoinConcurrency { get; private set; } = 8;

    public bool RawUdp { get; private set; }

    /// <summary>Publishers send the camera as three RID simulcast layers (<see cref="Sfu.Client.ClientPeerOptions.PublishSimulcast"/>).</summary>
    public bool Simulcast { get; private set; }

    /// <summary>Raw UDP: datagrams sent per pass of the sending loop (the fan-out of one received packet).</summary>
    public int Fanout { get; private set; } = 19;

    /// <summary>Raw UDP: datagrams per second to send.</summary>
    public int Rate { get; private set; } = 30_000;

    public const string Usage = """
        Against a running server (joins through its /ws signaling, clients in this process, the server elsewhere):
          --server URL           e.g. http://127.0.0.1:8080 (tokens through the meetings API: docs/api.md)
          --scenario S           1x100, 25x25, audio-200, or PxS (P publishers, S subscribers; P = S: everyone both)
          --rooms N              copies of the PxS room (default 1)
          --duration S           seconds of sending (default 20)
          --audio-pps N, --video-pps N, --audio-bytes N, --video-bytes N, --packets-per-frame N
          --server-pid N         read the server's CPU from /proc/N/stat if its /metrics has no process_cpu_seconds_total
          --join-concurrency N   participants joining at once (default 8)
          --json PATH            also write the result as JSON (- for stdout)
          --simulcast            publishers send q/h/f simulcast layers; the result counts the packets of each layer received
        The UDP floor (no SFU: the same batched sends, 1,200-byte datagrams to loopback receivers):
          --raw-udp [--fanout N (19)] [--rate N datagrams/s (30000)] [--duration S]
        """;

    public static bool IsRemoteCommand(string[] args) => Array.Exists(args, a => a is "--server" or "--raw-udp" or "--scenario");

    public static bool TryParse(string[] args, out RemoteOptions options, out string? error)
    {
        options = new RemoteOptions();
        error = null;
        string scenario = "1x100";
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--raw-udp")
            {
                options.RawUdp = true;
                continue;
            }

            if (name == "--simulcast")
            {
                options.Simulcast = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = name + " needs a value";
                return false;
            }

            string value = args[++i];
            switch (name)
            {
                case "--server":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? server) || server.Scheme is not ("http" or "https"))
                    {
                        error = "--server needs an http:// or https:// URL";
                        return false;
                    }

                    options.Server = server;
                    break;
                case "--scenario": scenario = value; break;
                case "--json": options.JsonPath = value; break;
                default:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || !options.TrySet(name, number))
                    {
                        error = $"unknown option {name} or bad value {value}";
                        return false;
                    }

                    break;
            }
        }

        if (!Scenario.TryParse(scenario, options.Rooms, out Scenario parsed))
        {
            error = "--scenario: " + Scenario.Help;
            return false;
        }

        options.Scenario = parsed;
        if (!options.RawUdp && options.Server is null)
        {
            error = "--server URL is required (or --raw-udp)";
            return false;
        }

        if (options.Seconds < 1 || options.AudioPps < 1 || options.VideoPps < 1 || options.VideoPacketsPerFrame < 1 || options.Fanout < 1 || options.Rate < 1
            || options.AudioBytes < Sfu.Client.SyntheticPayload.StampedMinLength || options.VideoBytes < 64 || options.VideoBytes > 1200)
        {
            error = "need at least 1 second, 1 packet/s, 1 packet per frame, audio of 20+ bytes and video of 64..1200 bytes";
            return false;
        }

        return true;
    }

    private bool TrySet(string name, int value)
    {
        switch (name)
        {
            case "--rooms": Rooms = value; break;
            case "--duration": Seconds = value; break;
            case "--audio-pps": AudioPps = value; break;
            case "--video-pps": VideoPps = value; break;
            case "--audio-bytes": AudioBytes = value; break;
            case "--video-bytes": VideoBytes = value; break;
            case "--packets-per-frame": VideoPacketsPerFrame = value; break;
            case "--server-pid": ServerPid = value; break;
            case "--join-concurrency": JoinConcurrency = Math.Max(1, value); break;
            case "--fanout": Fanout = value; break;
            case "--rate": Rate = value; break;
            default: return false;
        }

        return true;
    }
}
