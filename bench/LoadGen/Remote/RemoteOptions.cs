using System.Globalization;
using Sfu.Crypto.Srtp;

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

    /// <summary><c>compare</c>: the same scenario against our server (<see cref="Server"/>) and then Janus (<see cref="Janus"/>).</summary>
    public bool Compare { get; private set; }

    /// <summary>Janus's WebSocket API (<c>--janus ws://HOST:8188</c>, or <c>--target janus --server ws://...</c>); null: not used.</summary>
    public Uri? Janus { get; private set; }

    /// <summary>Janus's process id: its CPU comes from /proc (Janus has no metrics endpoint).</summary>
    public int JanusPid { get; private set; }

    /// <summary>The address our clients bind (Janus leaves loopback out of its candidates: give one of the host's addresses).</summary>
    public string BindAddress { get; private set; } = "127.0.0.1";

    /// <summary>The SRTP profiles every client offers (the same for both servers of a comparison): the client's default list unless --srtp.</summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; private set; } = Sfu.Dtls.DtlsHandshakeOptions.DefaultSrtpProfiles;

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
          --bind ADDRESS         our clients' address (default 127.0.0.1)
          --srtp cm|gcm          offer only AES_CM_128_HMAC_SHA1_80 or only AEAD_AES_128_GCM (default: both, GCM first)
        Janus's VideoRoom with the same clients (bench/README.md: start-janus.sh), alone or side by side with our server:
          --target janus --server ws://127.0.0.1:8188 --janus-pid N --bind ADDRESS [scenario options as above]
          compare --server http://127.0.0.1:8080 --janus ws://127.0.0.1:8188 --janus-pid N [--server-pid N] --bind ADDRESS ...
        The UDP floor (no SFU: the same batched sends, 1,200-byte datagrams to loopback receivers):
          --raw-udp [--fanout N (19)] [--rate N datagrams/s (30000)] [--duration S]
        """;

    public static bool IsRemoteCommand(string[] args) => Array.Exists(args, a => a is "--server" or "--raw-udp" or "--scenario" or "compare");

    public static bool TryParse(string[] args, out RemoteOptions options, out string? error)
    {
        options = new RemoteOptions();
        error = null;
        string scenario = "1x100";
        string target = "sfu";
        string? serverText = null;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "compare" && i == 0)
            {
                options.Compare = true;
                continue;
            }

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
                case "--server": serverText = value; break;
                case "--target": target = value; break;
                case "--janus":
                    if (!TryWebSocketUri(value, out Uri? janus))
                    {
                        error = "--janus needs a ws:// or wss:// URL (Janus's WebSocket transport)";
                        return false;
                    }

                    options.Janus = janus;
                    break;
                case "--bind":
                    if (!System.Net.IPAddress.TryParse(value, out _))
                    {
                        error = "--bind needs an IP address";
                        return false;
                    }

                    options.BindAddress = value;
                    break;
                case "--srtp":
                    options.SrtpProfiles = value switch
                    {
                        "cm" => [SrtpProfile.AesCm128HmacSha1_80],
                        "gcm" => [SrtpProfile.AeadAes128Gcm],
                        _ => [],
                    };
                    if (options.SrtpProfiles.Count == 0)
                    {
                        error = "--srtp is cm or gcm";
                        return false;
                    }

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
        if (!options.TryPlaceServer(target, serverText, out error))
        {
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

    /// <summary>What each publisher sends, from the rate and size options.</summary>
    public Sfu.Client.SyntheticMediaOptions MediaOptions() => new()
    {
        AudioPacketsPerSecond = AudioPps,
        AudioPayloadBytes = AudioBytes,
        VideoPacketsPerSecond = VideoPps,
        VideoPayloadBytes = VideoBytes,
        VideoPacketsPerFrame = VideoPacketsPerFrame,
    };

    /// <summary>
    /// <c>--server</c> is our server's http(s) URL, or with <c>--target janus</c> Janus's ws(s) URL; <c>compare</c> needs
    /// both servers and Janus's pid (its CPU is the point of the comparison).
    /// </summary>
    private bool TryPlaceServer(string target, string? serverText, out string? error)
    {
        error = null;
        if (target == "janus" && !Compare)
        {
            if (serverText is null || !TryWebSocketUri(serverText, out Uri? janus))
            {
                error = "--target janus needs --server ws://HOST:PORT (Janus's WebSocket transport)";
                return false;
            }

            Janus = janus;
            return true;
        }

        if (target != "sfu" && target != "janus")
        {
            error = "--target is sfu or janus";
            return false;
        }

        if (serverText is not null)
        {
            if (!Uri.TryCreate(serverText, UriKind.Absolute, out Uri? server) || server.Scheme is not ("http" or "https"))
            {
                error = "--server needs an http:// or https:// URL";
                return false;
            }

            Server = server;
        }

        if (!RawUdp && Server is null)
        {
            error = "--server URL is required (or --raw-udp)";
            return false;
        }

        if (Compare && (Janus is null || JanusPid <= 0))
        {
            error = "compare needs --janus ws://HOST:PORT and --janus-pid N as well as --server";
            return false;
        }

        return true;
    }

    private static bool TryWebSocketUri(string text, out Uri? uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri) && uri.Scheme is "ws" or "wss";

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
            case "--janus-pid": JanusPid = value; break;
            case "--join-concurrency": JoinConcurrency = Math.Max(1, value); break;
            case "--fanout": Fanout = value; break;
            case "--rate": Rate = value; break;
            default: return false;
        }

        return true;
    }
}
