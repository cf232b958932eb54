using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using System.Security.Cryptography;
using Sfu.Streams;

namespace Sfu.Routing;

/// <summary>
/// What every room on one media worker shares: scratch buffers (safe because one thread uses them),
/// clocks, SSRC allocation and settings.
/// </summary>
public sealed class RoutingContext(TimeProvider time, Func<long> nowTicks)
{
    private readonly HashSet<uint> _usedSsrcs = [];

    /// <summary>Where a forwarded packet is rewritten and protected; room for an MTU plus the SRTP tag.</summary>
    public byte[] Scratch { get; } = new byte[2048];

    /// <summary>Where RTCP we originate is written and protected.</summary>
    public byte[] RtcpScratch { get; } = new byte[1500];

    public required long PublisherMaxBitrate { get; init; }

    public required long KeyframeRequestIntervalTicks { get; init; }

    /// <summary>Bounds of every subscriber's send-side bandwidth estimate (see SfuOptions).</summary>
    public Congestion.SubscriberBandwidthSettings SubscriberBandwidth { get; init; } = Congestion.SubscriberBandwidthSettings.Default;

    /// <summary>Our DTLS certificate fingerprint and host candidates, written into every local description.</summary>
    public required string Fingerprint { get; init; }

    public required IReadOnlyList<Negotiation.HostCandidate> Candidates { get; init; }

    public required Negotiation.CodecPolicy CodecPolicy { get; init; }

    /// <summary>Most tracks one offer may ask the server to receive; a larger offer is refused (see SfuOptions).</summary>
    public int MaxPublishedTracks { get; init; } = 8;

    /// <summary>Most consumers one participant has at once; further producers are not subscribed (see SfuOptions).</summary>
    public int MaxSubscriptions { get; init; } = 100;

    /// <summary>
    /// How long a new participant's server offers wait for the browser's own first offer (see
    /// <see cref="SessionNegotiator"/>). A browser with tracks offers within a few hundred milliseconds of joining even
    /// on a loaded machine; a client with nothing to publish never does and gets the server's offer after this.
    /// </summary>
    public long BrowserFirstOfferWaitTicks { get; init; } = TimeSpan.FromSeconds(2).Ticks;

    /// <summary>How long after a subscriber's video was lowered the stream allocator waits before raising it again.</summary>
    public long LayerUpSwitchHoldTicks { get; init; } = Congestion.StreamAllocator.DefaultUpSwitchHoldTicks;

    /// <summary>How long a simulcast layer nobody wants keeps flowing before the publisher is asked to pause it (dynacast).</summary>
    public long DynacastPauseDelayTicks { get; init; } = Forwarding.DynacastLayers.DefaultPauseDelayTicks;

    /// <summary>Where routing reports what an operator should see (a server offer that could not be built).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    public long NowTicks() => nowTicks();

    /// <summary>The wallclock as a 64-bit NTP timestamp (RFC 3550 section 4), for sender reports.</summary>
    public ulong NtpNow() => MediaTime.DateTimeToNtp(time.GetUtcNow().UtcDateTime);

    /// <summary>A random SSRC not yet used on this worker (RFC 3550 section 8.1 asks for random, unique SSRCs).</summary>
    public uint NewSsrc()
    {
        while (true)
        {
            uint ssrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
            if (_usedSsrcs.Add(ssrc))
            {
                return ssrc;
            }
        }
    }
}
