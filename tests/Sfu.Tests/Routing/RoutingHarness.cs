using System.Net;
using Sfu.Dtls;
using Sfu.Engine;
using Sfu.Routing;
using Sfu.Tests.Wire.Sdp;
using Sfu.Transport;
using Sfu.Wire.Sdp;
using Sfu.Wire.Sdp.Negotiation;

namespace Sfu.Tests.Routing;

/// <summary>Rooms and participants without sockets: datagrams go to a recorder, time is a field.</summary>
internal sealed class RoutingHarness
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.CreateSelfSigned();

    public RoutingHarness()
    {
        Port = new PortContext(new RecordingSender(), new TransportTable(), new DtlsSessionFactory(Certificate), work => work(), TimeSpan.FromSeconds(30));
        Context = new RoutingContext(TimeProvider.System, () => Now)
        {
            PublisherMaxBitrate = 1_000_000,
            KeyframeRequestIntervalTicks = TimeSpan.TicksPerSecond,
            Fingerprint = Certificate.Sha256Fingerprint,
            Candidates = [new HostCandidate("127.0.0.1", 50000)],
            CodecPolicy = CodecPolicy.Default,
        };
        Room = new Room("room");
    }

    public long Now { get; set; } = TimeSpan.TicksPerSecond;

    public PortContext Port { get; }

    public RoutingContext Context { get; }

    public Room Room { get; }

    public (Participant Participant, RecordingObserver Observer) Join(string id)
    {
        var observer = new RecordingObserver();
        var participant = new Participant(id, observer, Context, listener =>
        {
            var transport = new WebRtcTransport(Port, listener, id);
            Port.Transports.Add(transport);
            return transport;
        });
        Room.Add(participant);
        return (participant, observer);
    }

    /// <summary>A Chrome offer (audio + video, sendrecv) with this participant's own stream id, track ids and SSRCs.</summary>
    public static SessionDescription ChromeOffer(string participantId, uint ssrcBase)
    {
        string text = SampleOffers.Chrome
            .Replace("8ca81811-66d2-4876-b2fd-f2022a96fb1a", participantId + "-stream")
            .Replace("d1bc52d9-230d-477e-a225-71594720771f", participantId + "-audio")
            .Replace("47469a4d-8cdb-405f-9d2e-16096e36aab0", participantId + "-video")
            .Replace("1001234567", (ssrcBase + 1).ToString())
            .Replace("2231627014", (ssrcBase + 2).ToString())
            .Replace("632943048", (ssrcBase + 3).ToString());
        Assert.True(SessionDescription.TryParse(text, out SessionDescription? offer, out string? error), error);
        return offer!;
    }

    public void Advance(TimeSpan by)
    {
        Now += by.Ticks;
        Room.Tick(Now);
    }

    internal sealed class RecordingSender : IDatagramSender
    {
        public int Sent { get; private set; }

        public bool Send(ReadOnlySpan<byte> datagram, SocketAddress to)
        {
            Sent++;
            return true;
        }
    }
}

internal sealed class RecordingObserver : IPeerSessionObserver
{
    /// <summary>Offers seen so far; readable from another thread while the engine's worker adds to it.</summary>
    public int OfferCount;

    public List<string> Offers { get; } = [];

    public List<(RemoteTrackInfo Track, bool Added)> TrackEvents { get; } = [];

    public List<string> Speakers { get; } = [];

    public List<string> Closed { get; } = [];

    public void OnServerOffer(string offerSdp)
    {
        Offers.Add(offerSdp);
        Interlocked.Increment(ref OfferCount);
    }

    public void OnRemoteTrack(RemoteTrackInfo track, bool added) => TrackEvents.Add((track, added));

    public void OnActiveSpeaker(string participantId) => Speakers.Add(participantId);

    public void OnTransportClosed(string reason) => Closed.Add(reason);
}
