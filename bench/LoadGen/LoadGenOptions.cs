using System.Globalization;

namespace LoadGen;

/// <summary>Command line of the load generator; every value has a default so a bare run works.</summary>
internal sealed class LoadGenOptions
{
    public int Rooms { get; private set; } = 2;

    public int Participants { get; private set; } = 5;

    public int Seconds { get; private set; } = 20;

    /// <summary>With a value above 0: measure what that many idle participants (joined, never connected) cost a worker.</summary>
    public int IdleParticipants { get; private set; }

    /// <summary>Media workers of the in-process engine (0: one per core, the server's default).</summary>
    public int Workers { get; private set; }

    /// <summary>Participants send the camera as three RID simulcast layers; the report adds the layer mix received.</summary>
    public bool Simulcast { get; private set; }

    public int AudioPps { get; private set; } = 50;

    public int VideoPps { get; private set; } = 100;

    public int VideoPacketsPerFrame { get; private set; } = 3;

    /// <summary>Seconds of sending before the steady-state window opens; negative means the default.</summary>
    public double WarmupSeconds { get; private set; } = -1;

    /// <summary>
    /// By default the window opens once every video producer's retransmission ring has rented all its slots (one pooled
    /// buffer per slot, filled at the video rate), plus a second for JIT and socket buffers; at most half the run.
    /// </summary>
    public double EffectiveWarmupSeconds => WarmupSeconds >= 0
        ? WarmupSeconds
        : Math.Min(Seconds / 2.0, 1 + ((double)Sfu.Streams.RetransmissionBuffer.DefaultCapacity / VideoPps));

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/LoadGen -- [options]
          --rooms N              rooms (default 2)
          --participants N       participants per room, each publishing audio + video (default 5)
          --seconds N            sending time (default 20)
          --workers N            media workers of the engine (default 0: one per core); rooms are spread over them
          --audio-pps N          audio packets/s per participant (default 50)
          --video-pps N          video packets/s per participant (default 100)
          --packets-per-frame N  video packets per frame (default 3)
          --simulcast            cameras send q/h/f simulcast layers; the report shows the packets of each layer received
          --warmup S             seconds before the steady-state window (default 1 + 512/video-pps, at most seconds/2)
          --idle N               instead: N participants in rooms of 10 that join and never connect; prints the CPU
                                 one worker spends on them per second of waiting (the cost of idle rooms)
        Everything runs in this process on 127.0.0.1: an SfuEngine and rooms x participants ClientPeers.
        """;

    public static bool TryParse(string[] args, out LoadGenOptions options, out string? error)
    {
        options = new LoadGenOptions();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "-h" or "--help")
            {
                error = string.Empty;
                return false;
            }

            if (name == "--simulcast")
            {
                options.Simulcast = true;
                continue;
            }

            if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
            {
                error = $"{name} needs a non-negative number";
                return false;
            }

            i++;
            switch (name)
            {
                case "--rooms": options.Rooms = (int)value; break;
                case "--participants": options.Participants = (int)value; break;
                case "--seconds": options.Seconds = (int)value; break;
                case "--workers": options.Workers = (int)value; break;
                case "--idle": options.IdleParticipants = (int)value; break;
                case "--audio-pps": options.AudioPps = (int)value; break;
                case "--video-pps": options.VideoPps = (int)value; break;
                case "--packets-per-frame": options.VideoPacketsPerFrame = (int)value; break;
                case "--warmup": options.WarmupSeconds = value; break;
                default:
                    error = "unknown option " + name;
                    return false;
            }
        }

        if (options.Rooms < 1 || options.Participants < 2 || options.Seconds < 1 || options.AudioPps < 1 || options.VideoPps < 1 || options.VideoPacketsPerFrame < 1)
        {
            error = "need at least 1 room, 2 participants, 1 second, 1 packet/s of each kind and 1 packet per frame";
            return false;
        }

        if (options.EffectiveWarmupSeconds >= options.Seconds)
        {
            error = "--warmup must be shorter than --seconds";
            return false;
        }

        return true;
    }
}
