using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Dtls;
using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Streams;
using Sfu.Tests.Transport;
using Sfu.Tests.Wire.Sdp;
using Sfu.Transport;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// Rooms and participants without sockets: every datagram the server sends goes to a recorder that hands it to
/// the participant's <see cref="ScriptedBrowser"/>, datagrams from browsers go through the real dispatcher and
/// transports, time is a field (<see cref="Now"/>, also the wallclock the server writes into sender reports), and work
/// the transports post back to the worker thread runs on the test thread when the harness pumps.
/// </summary>
internal sealed class RoutingHarness
{
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.CreateSelfSigned();

    /// <summary>The wallclock at <see cref="Now"/> = 0.</summary>
    public static readonly DateTime WallclockOrigin = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly TestWorkQueue _posted = new();
    private readonly DatagramDispatcher _dispatcher;
    private readonly Dictionary<string, ScriptedBrowser> _browsers = new(StringComparer.Ordinal);
    private int _nextPort = 50000;

    /// <param name="limits">The engine's media limits (SRTP SSRC cap, tracks per offer, subscriptions); defaults when null.</param>
    /// <param name="logger">Where transports and routing log; nothing when null.</param>
    public RoutingHarness(SfuOptions? limits = null, ILogger? logger = null)
    {
        limits ??= new SfuOptions();
        Sender = new RecordingSender();
        Port = new PortContext(Sender, new TransportTable(), new DtlsSessionFactory(ServerCertificate), _posted, TimeSpan.FromSeconds(30))
        {
            MaxSrtpSsrcs = limits.SrtpSsrcsPerSession,
            Logger = logger ?? NullLogger.Instance,
        };
        _dispatcher = new DatagramDispatcher(Port.Transports);
        Context = new RoutingContext(new HarnessTime(this), () => Now)
        {
            PublisherMaxBitrate = 1_000_000,
            KeyframeRequestIntervalTicks = TimeSpan.TicksPerSecond,
            Fingerprint = ServerCertificate.Sha256Fingerprint,
            Candidates = [new HostCandidate("127.0.0.1", 50000)],
            CodecPolicy = CodecPolicy.Default,
            MaxPublishedTracks = limits.MaxPublishedTracks,
            MaxSubscriptions = limits.MaxSubscriptions,
            Logger = logger ?? NullLogger.Instance,
            // The scripted subscribers here never offer first: they wait for the server's offer, and get it at once.
            BrowserFirstOfferWaitTicks = 0,
        };
        Router = new Router("room");
    }

    public long Now { get; set; } = TimeSpan.TicksPerSecond;

    public PortContext Port { get; }

    public RecordingSender Sender { get; }

    public RoutingContext Context { get; }

    public Router Router { get; }

    public (Participant Participant, RecordingObserver Observer) Join(string id)
    {
        ScriptedBrowser browser = JoinBrowser(id);
        return (browser.Participant, browser.Observer);
    }

    /// <summary>Joins a participant whose transport a <see cref="ScriptedBrowser"/> at its own address can connect.</summary>
    public ScriptedBrowser JoinBrowser(string id)
    {
        var observer = new RecordingObserver();
        var participant = new Participant(id, observer, Context, listener =>
        {
            var transport = new WebRtcTransport(Port, listener, id);
            Port.Transports.Add(transport);
            return transport;
        });
        SocketAddress address = new IPEndPoint(IPAddress.Parse("10.0.0.1"), _nextPort++).Serialize();
        var browser = new ScriptedBrowser(this, participant, observer, address);
        Assert.True(SocketAddressKey.TryCreate(address, out SocketAddressKey key));
        Sender.Browsers[key] = browser;
        _browsers.Add(id, browser);
        Router.Add(participant);
        return browser;
    }

    public ScriptedBrowser Browser(Participant participant) => _browsers[participant.ParticipantId];

    /// <summary>
    /// Connects the browsers' transports for real (ICE binding request, DTLS handshake, SRTP keys) so that
    /// <see cref="Participant.IsMediaReady"/> is true; each must have negotiated once so the transport knows its ICE credentials.
    /// </summary>
    public void Connect(params ScriptedBrowser[] browsers)
    {
        foreach (ScriptedBrowser browser in browsers)
        {
            browser.StartConnecting();
        }

        var clock = Stopwatch.StartNew();
        var pending = new List<ScriptedBrowser>(browsers);
        while (pending.Count > 0)
        {
            RunPosted();
            pending.RemoveAll(browser => browser.PumpConnecting());
            Assert.True(clock.Elapsed < ConnectTimeout, "DTLS did not complete for " + string.Join(", ", pending.Select(b => b.Id)));
            Assert.DoesNotContain(pending, browser => browser.Participant.Transport.State == TransportState.Closed);
            if (pending.Count > 0)
            {
                Thread.Sleep(2);
            }
        }

        Assert.All(browsers, browser => Assert.True(browser.Participant.IsMediaReady));
    }

    /// <summary>
    /// The common start: <paramref name="publisher"/> publishes audio and video (SSRCs from <paramref name="ssrcBase"/>),
    /// every subscriber answers the server offer that follows, and all transports connect.
    /// </summary>
    public (ScriptedBrowser Publisher, ScriptedBrowser[] Subscribers) PublishAndSubscribe(string publisher, uint ssrcBase, params string[] subscribers)
    {
        ScriptedBrowser source = JoinBrowser(publisher);
        ScriptedBrowser[] sinks = [.. subscribers.Select(JoinBrowser)];
        source.Publish(ssrcBase);
        AnswerServerOffers();
        Connect([source, .. sinks]);
        Advance(TimeSpan.FromMilliseconds(10));
        return (source, sinks);
    }

    /// <summary>Lets the renegotiation debounce pass, then every browser with a pending server offer answers it.</summary>
    public void AnswerServerOffers()
    {
        Advance(TimeSpan.FromMilliseconds(200));
        foreach (ScriptedBrowser browser in _browsers.Values)
        {
            if (browser.Participant.HasPendingOffer)
            {
                browser.AnswerLatestOffer();
            }
        }
    }

    /// <summary>Moves time on: browsers send their consent checks when due, posted work runs, then the room ticks.</summary>
    public void Advance(TimeSpan by)
    {
        Now += by.Ticks;
        Pump();
        foreach (ScriptedBrowser browser in _browsers.Values)
        {
            if (browser.SendsConsentChecks)
            {
                browser.SendDueChecks();
            }
        }

        Router.Tick(Now);
    }

    /// <summary>Advances in steps of <paramref name="step"/> (the engine ticks rooms about every 10 ms).</summary>
    public void Run(TimeSpan duration, TimeSpan step)
    {
        for (TimeSpan elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Advance(step);
        }
    }

    /// <summary>Advances 10 ms at a time until <paramref name="condition"/> holds; fails after <paramref name="within"/>.</summary>
    public void AdvanceUntil(Func<bool> condition, TimeSpan within, string what)
    {
        long deadline = Now + within.Ticks;
        while (!condition())
        {
            Assert.True(Now < deadline, "within " + within + ": " + what);
            Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Advances to the harness time <paramref name="ticks"/> (not backwards).</summary>
    public void AdvanceTo(long ticks)
    {
        Assert.True(ticks >= Now);
        Advance(TimeSpan.FromTicks(ticks - Now));
    }

    /// <summary>Runs work the transports posted from DTLS threads and sends the browsers' queued DTLS records.</summary>
    public void Pump()
    {
        foreach (ScriptedBrowser browser in _browsers.Values)
        {
            browser.Flush();
        }

        RunPosted();
    }

    /// <summary>Pumps until <paramref name="condition"/> holds (for what DTLS threads report), failing after a few seconds.</summary>
    public void PumpUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "timed out waiting for " + what);
            Thread.Sleep(2);
            Pump();
        }
    }

    /// <summary>The NTP timestamp of the wallclock at harness time <paramref name="ticks"/>.</summary>
    public static ulong NtpAt(long ticks) => MediaTime.DateTimeToNtp(WallclockOrigin.AddTicks(ticks));

    internal void Deliver(byte[] datagram, SocketAddress from) => _dispatcher.Dispatch(datagram, from, Now);

    private void RunPosted() => _posted.Pump();

    /// <summary>A Chrome offer (audio + video, sendrecv) with this participant's own stream id, track ids and SSRCs.</summary>
    public static SessionDescription ChromeOffer(string participantId, uint ssrcBase)
    {
        string text = SampleOffers.Chrome
            .Replace("8ca81811-66d2-4876-b2fd-f2022a96fb1a", participantId + "-stream")
            .Replace("d1bc52d9-230d-477e-a225-71594720771f", participantId + "-audio")
            .Replace("47469a4d-8cdb-405f-9d2e-16096e36aab0", participantId + "-video")
            .Replace("1001234567", AudioSsrc(ssrcBase).ToString())
            .Replace("2231627014", VideoSsrc(ssrcBase).ToString())
            .Replace("632943048", (ssrcBase + 3).ToString());
        Assert.True(SessionDescription.TryParse(text, out SessionDescription? offer, out string? error), error);
        return offer!;
    }

    /// <summary>The audio SSRC of <see cref="ChromeOffer"/> with this base.</summary>
    public static uint AudioSsrc(uint ssrcBase) => ssrcBase + 1;

    /// <summary>The video SSRC of <see cref="ChromeOffer"/> with this base.</summary>
    public static uint VideoSsrc(uint ssrcBase) => ssrcBase + 2;

    /// <summary>Every datagram the server sends, counted and handed to the browser at that address.</summary>
    internal sealed class RecordingSender : IDatagramSender
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public ConcurrentDictionary<SocketAddressKey, ScriptedBrowser> Browsers { get; } = new();

        public bool Send(ReadOnlySpan<byte> datagram, SocketAddress to)
        {
            Interlocked.Increment(ref _sent);
            if (SocketAddressKey.TryCreate(to, out SocketAddressKey key) && Browsers.TryGetValue(key, out ScriptedBrowser? browser))
            {
                browser.Receive(datagram);
            }

            return true;
        }
    }

    /// <summary>The server's wallclock follows the harness clock, so NTP timestamps in sender reports are predictable.</summary>
    private sealed class HarnessTime(RoutingHarness harness) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(WallclockOrigin.AddTicks(harness.Now));
    }
}

internal sealed class RecordingObserver : IPeerSessionObserver, IParticipantListener
{
    /// <summary>Offers seen so far; readable from another thread while the engine's worker adds to it.</summary>
    public int OfferCount;

    public List<string> Offers { get; } = [];

    public List<(RemoteTrackInfo Track, bool Added)> TrackEvents { get; } = [];

    public List<string> Speakers { get; } = [];

    public List<string> Closed { get; } = [];

    /// <summary>Dynacast: (track id, active layers) the engine asked this publisher to send.</summary>
    public List<(string TrackId, string[] Active)> LayerEvents { get; } = [];

    /// <summary>Videos the allocator paused or resumed for this subscriber.</summary>
    public List<(string PublisherId, string TrackId, bool Paused, string Reason)> PauseEvents { get; } = [];

    public void OnPublishedLayersChanged(string trackId, IReadOnlyList<string> activeLayers) => LayerEvents.Add((trackId, [.. activeLayers]));

    public void OnVideoPaused(string publisherId, string trackId, bool paused, string reason) => PauseEvents.Add((publisherId, trackId, paused, reason));

    public void OnServerOffer(string offerSdp)
    {
        Offers.Add(offerSdp);
        Interlocked.Increment(ref OfferCount);
    }

    public void OnRemoteTrack(RemoteTrackInfo track, bool added) => TrackEvents.Add((track, added));

    public void OnActiveSpeaker(string participantId) => Speakers.Add(participantId);

    public void OnTransportClosed(string reason) => Closed.Add(reason);

    public int MediaConnectedCount;

    public void OnMediaConnected() => Interlocked.Increment(ref MediaConnectedCount);
}
