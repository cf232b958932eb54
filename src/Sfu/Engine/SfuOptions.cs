using System.Net;

namespace Sfu.Engine;

/// <summary>Engine settings; bound from the "Sfu" configuration section by src/Api.</summary>
public sealed class SfuOptions
{
    /// <summary>More workers than this is a configuration mistake (each is a thread and a port).</summary>
    public const int MaxWorkers = 256;

    /// <summary>
    /// Address the media socket binds to. Empty (the default) binds 127.0.0.1 when nothing is announced, and all
    /// IPv4 interfaces when <see cref="AnnouncedAddresses"/> are given.
    /// </summary>
    /// <remarks>
    /// Why not always 0.0.0.0: Chromium gathers host candidates on non-loopback interfaces only, so on a machine with
    /// a LAN address it sends its checks to 127.0.0.1 from that LAN address. A socket bound to all interfaces answers
    /// from the LAN address (the kernel picks the source by route) and Chromium drops the answer, because it came
    /// from an address it never sent to. A socket bound to 127.0.0.1 answers from 127.0.0.1.
    /// </remarks>
    public string BindAddress { get; set; } = "";

    /// <summary>
    /// The UDP port of the first media worker; worker i listens on <c>Port + i</c>, so open <c>Port</c> to
    /// <c>Port + Workers - 1</c>. 0 gives every worker a free port (tests).
    /// </summary>
    public int Port { get; set; } = 50000;

    /// <summary>
    /// Media workers: threads that each own a UDP port and the rooms placed on it. 0 (the default) means one per core.
    /// A room lives on one worker, so one room uses at most one core.
    /// </summary>
    public int Workers { get; set; }

    /// <summary>The number of workers to start: <see cref="Workers"/>, or the processor count when it is 0.</summary>
    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;

    /// <summary>
    /// Addresses announced as ICE host candidates. Behind NAT or on a LAN set the public or LAN address;
    /// empty means the bind address, or 127.0.0.1 when bound to all interfaces.
    /// </summary>
    public List<string> AnnouncedAddresses { get; set; } = [];

    /// <summary>RFC 7675 consent freshness: a peer silent this long is disconnected.</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Negotiate H.264 (packetization-mode 1) beside VP8. Browsers send the first codec of the answer, VP8, so H.264
    /// carries video only for a publisher that offers no VP8; its subscribers must then decode H.264 (nothing is transcoded),
    /// and a subscriber without H.264 gets none of that video, counted as codec_not_negotiated drops.
    /// </summary>
    public bool EnableH264 { get; set; } = true;

    /// <summary>At most this many PLI/FIR are forwarded to a publisher per track (per second).</summary>
    public TimeSpan KeyframeRequestInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Bitrate the SFU allows each publisher's video through REMB, in bits per second.</summary>
    public long PublisherMaxBitrate { get; set; } = 2_500_000;

    /// <summary>Floor of each subscriber's send-side bandwidth estimate, bit/s.</summary>
    public long SubscriberMinBitrate { get; set; } = 100_000;

    /// <summary>Each subscriber's estimate before its first transport-cc feedback, bit/s.</summary>
    public long SubscriberStartBitrate { get; set; } = 1_000_000;

    /// <summary>Ceiling of each subscriber's estimate; probing never goes above it, bit/s.</summary>
    public long SubscriberMaxBitrate { get; set; } = 10_000_000;

    /// <summary>
    /// Most tracks one offer may ask the server to receive (m= lines the browser sends on). An offer over it is refused
    /// and changes nothing, so one participant cannot flood a room with producers and everyone else with m= lines.
    /// Matches signaling's MaxTracksPerParticipant (8): camera, microphone and screen fit with room to spare.
    /// </summary>
    public int MaxPublishedTracks { get; set; } = 8;

    /// <summary>
    /// Most tracks one participant receives at once. Producers published beyond it are not subscribed (counted as
    /// sfu_subscriptions_refused_total) rather than failing the subscriber. 100 covers 25 participants with camera,
    /// microphone and screen (72 remote tracks) with headroom.
    /// </summary>
    public int MaxSubscriptions { get; set; } = 100;

    /// <summary>Upper bound of <see cref="MaxPublishedTracks"/>: each track can carry up to 3 simulcast layers with RTX.</summary>
    public const int MaxPublishedTracksLimit = 64;

    /// <summary>Upper bound of <see cref="MaxSubscriptions"/>: every subscription is an m= line in each server offer.</summary>
    public const int MaxSubscriptionsLimit = 1000;

    /// <summary>
    /// SSRCs each transport's SRTP session may hold state for at once, per direction: a subscriber's consumers (plus
    /// the RTCP sender SSRC) outbound, a publisher's tracks with up to 3 simulcast layers and their RTX inbound, plus
    /// headroom for streams the SDP did not announce. Streams free their state when they end, so this bounds
    /// simultaneous streams only, never the length of a meeting.
    /// </summary>
    public int SrtpSsrcsPerSession => Math.Max(MaxSubscriptions + 1, (MaxPublishedTracks * 6) + 1) + 16;

    /// <summary>What is wrong with these settings, in words an operator can act on; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (BindAddress.Length > 0 && !IPAddress.TryParse(BindAddress, out _))
        {
            problems.Add($"Sfu:BindAddress '{BindAddress}' is not an IP address");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"Sfu:Port {Port} is outside 0..65535");
        }

        if (Workers is < 0 or > MaxWorkers)
        {
            problems.Add($"Sfu:Workers {Workers} is outside 0..{MaxWorkers} (0 means one per core)");
        }
        else if (Port is > 0 and <= 65535 && Port + EffectiveWorkers - 1 > 65535)
        {
            problems.Add($"Sfu:Port {Port} leaves no room for {EffectiveWorkers} workers (ports {Port}..{Port + EffectiveWorkers - 1})");
        }

        foreach (string address in AnnouncedAddresses)
        {
            if (!IPAddress.TryParse(address, out IPAddress? parsed) || parsed.Equals(IPAddress.Any) || parsed.Equals(IPAddress.IPv6Any))
            {
                problems.Add($"Sfu:AnnouncedAddresses entry '{address}' is not a reachable IP address (host names are not announced as ICE candidates)");
            }
        }

        if (ConsentTimeout < TimeSpan.FromSeconds(5))
        {
            problems.Add($"Sfu:ConsentTimeout {ConsentTimeout} is shorter than 5 s; browsers send consent checks every ~5 s");
        }

        if (KeyframeRequestInterval < TimeSpan.Zero)
        {
            problems.Add("Sfu:KeyframeRequestInterval is negative");
        }

        if (PublisherMaxBitrate <= 0)
        {
            problems.Add("Sfu:PublisherMaxBitrate must be positive");
        }

        if (SubscriberMinBitrate < 10_000 || SubscriberMaxBitrate < SubscriberMinBitrate
            || SubscriberStartBitrate < SubscriberMinBitrate || SubscriberStartBitrate > SubscriberMaxBitrate)
        {
            problems.Add("Sfu:SubscriberMinBitrate (at least 10000) <= Sfu:SubscriberStartBitrate <= Sfu:SubscriberMaxBitrate does not hold");
        }

        if (MaxPublishedTracks is < 1 or > MaxPublishedTracksLimit)
        {
            problems.Add($"Sfu:MaxPublishedTracks {MaxPublishedTracks} is outside 1..{MaxPublishedTracksLimit}");
        }

        if (MaxSubscriptions is < 1 or > MaxSubscriptionsLimit)
        {
            problems.Add($"Sfu:MaxSubscriptions {MaxSubscriptions} is outside 1..{MaxSubscriptionsLimit}");
        }

        return problems;
    }

    /// <summary>Where worker <paramref name="worker"/> binds: the bind address and <c>Port + worker</c> (or a free port when Port is 0).</summary>
    public IPEndPoint GetBindEndPoint(int worker = 0) => new(ResolveBindAddress(), Port == 0 ? 0 : Port + worker);

    private IPAddress ResolveBindAddress()
    {
        if (BindAddress.Length > 0)
        {
            return IPAddress.Parse(BindAddress);
        }

        return AnnouncedAddresses.Count == 0 ? IPAddress.Loopback : IPAddress.Any;
    }

    /// <summary>The addresses to announce; <paramref name="boundPort"/> is the port actually bound.</summary>
    public IReadOnlyList<IPEndPoint> GetAnnouncedEndPoints(int boundPort)
    {
        var result = new List<IPEndPoint>();
        foreach (string address in AnnouncedAddresses)
        {
            result.Add(new IPEndPoint(IPAddress.Parse(address), boundPort));
        }

        if (result.Count == 0)
        {
            IPAddress bind = ResolveBindAddress();
            bool any = bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any);
            result.Add(new IPEndPoint(any ? IPAddress.Loopback : bind, boundPort));
        }

        return result;
    }
}
