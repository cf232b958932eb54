using Sfu.Forwarding;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Dtls;
using Sfu.Engine;
using Sfu.Engine.Commands;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Tests.Routing;
using Sfu.Tests.Transport;
using Sfu.Transport;

namespace Sfu.Tests.Engine;

/// <summary>
/// Each command a media worker accepts, run on the test thread against a worker's state (no worker thread is started),
/// so what it does, and what it answers when the worker is gone, is checked one command at a time.
/// </summary>
public sealed class WorkerCommandTests : IAsyncDisposable
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.CreateSelfSigned();
    private readonly MediaWorker _worker = new(0, new IPEndPoint(IPAddress.Loopback, 0), TimeProvider.System);
    private readonly WorkerRooms _rooms;
    private readonly RoomPlacement _placement = new(1);

    public WorkerCommandTests()
    {
        var port = new PortContext(_worker.Socket, new TransportTable(), new DtlsSessionFactory(Certificate), new TestWorkQueue(), TimeSpan.FromSeconds(30));
        var routing = new RoutingContext(TimeProvider.System, () => _worker.NowTicks)
        {
            PublisherMaxBitrate = 1_000_000,
            KeyframeRequestIntervalTicks = TimeSpan.TicksPerSecond,
            Fingerprint = Certificate.Sha256Fingerprint,
            Candidates = [new HostCandidate("127.0.0.1", _worker.Socket.LocalEndPoint.Port)],
            CodecPolicy = CodecPolicy.Default,
        };
        _rooms = new WorkerRooms(0, port, routing, new PeerEventQueue(NullLogger.Instance), isOwnerThread: () => true);
    }

    [Fact]
    public async Task Create_puts_the_participant_in_its_room_and_completes_with_the_session()
    {
        PeerSession session = NewSession("room", "alice");
        var create = new CreatePeerCommand(session, new RecordingObserver());

        create.Execute();

        Assert.Same(session, await create.Completion);
        Assert.NotNull(session.Participant);
        Assert.Equal(1, _rooms.RoomCount);
        WorkerStats stats = _rooms.CollectStats(datagramsReceived: 0);
        Assert.Equal((1, 1), (stats.Rooms, stats.Participants));
    }

    [Fact]
    public async Task Negotiate_answers_an_offer_and_fails_once_the_participant_is_removed()
    {
        PeerSession session = Created("room", "alice");

        var offer = new NegotiateCommand(session, RoutingHarness.ChromeOffer("alice", 100), isOffer: true);
        offer.Execute();
        NegotiationResult answered = await offer.Completion;
        Assert.True(answered.Succeeded, answered.Error);
        Assert.StartsWith("v=0", answered.Sdp);

        new RemovePeerCommand(session).Execute();
        Assert.Null(session.Participant);
        Assert.Equal(0, _rooms.RoomCount);

        var late = new NegotiateCommand(session, RoutingHarness.ChromeOffer("alice", 100), isOffer: true);
        late.Execute();
        NegotiationResult refused = await late.Completion;
        Assert.False(refused.Succeeded);
        Assert.Contains("ended", refused.Error);
    }

    [Fact]
    public async Task Commands_abandoned_by_a_stopped_worker_answer_instead_of_hanging()
    {
        PeerSession session = NewSession("room", "alice");
        var create = new CreatePeerCommand(session, new RecordingObserver());
        var negotiate = new NegotiateCommand(session, RoutingHarness.ChromeOffer("alice", 100), isOffer: true);
        var stats = new CollectStatsCommand(_rooms, _worker);

        create.Abandon();
        negotiate.Abandon();
        stats.Abandon();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => create.Completion);
        Assert.Contains("stopping", (await negotiate.Completion).Error);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stats.Completion);
    }

    [Fact]
    public async Task A_command_that_throws_answers_with_a_failure_not_an_exception()
    {
        PeerSession session = Created("room", "alice");
        var negotiate = new NegotiateCommand(session, RoutingHarness.ChromeOffer("alice", 100), isOffer: false);

        negotiate.Fail(new InvalidOperationException("a bug"));

        NegotiationResult result = await negotiate.Completion;
        Assert.False(result.Succeeded);
        Assert.DoesNotContain("a bug", result.Error);
    }

    [Fact]
    public void Mute_reaches_the_participants_producers()
    {
        PeerSession session = Created("room", "alice");
        new NegotiateCommand(session, RoutingHarness.ChromeOffer("alice", 100), isOffer: true).Execute();

        string videoTrack = session.Participant!.Producers.Single(p => p.Kind == MediaKind.Video).TrackId;

        new SetTrackMutedCommand(session, videoTrack, muted: true).Execute();

        Assert.All(session.Participant.Producers, p => Assert.Equal(p.TrackId == videoTrack, p.Muted));
    }

    [Fact]
    public void Video_preferences_reach_the_subscribers_allocator_and_pause_a_hidden_tile()
    {
        PeerSession alice = Created("room", "alice");
        PeerSession bob = Created("room", "bob");
        new NegotiateCommand(alice, RoutingHarness.ChromeOffer("alice", 100), isOffer: true).Execute();
        Producer video = alice.Participant!.Producers.Single(p => p.Kind == MediaKind.Video);
        Consumer consumer = bob.Participant!.Consumers.Single(c => c.Producer == video);
        Assert.False(consumer.IsAllocatorPaused);

        new SetVideoPreferencesCommand(bob, [new VideoPreference(video.TrackId, 320, 180, Visible: false, Pinned: false)]).Execute();
        Assert.True(consumer.IsAllocatorPaused);
        Assert.Equal(LayerSelector.None, consumer.TargetLayer);

        new SetVideoPreferencesCommand(bob, []).Execute();
        Assert.False(consumer.IsAllocatorPaused);
        Assert.Equal(0, consumer.TargetLayer);
    }

    [Fact]
    public void Drain_closes_every_participant_of_every_room()
    {
        Created("a", "alice");
        Created("b", "bob");
        Created("b", "carol");

        new DrainCommand(_rooms, NullLogger.Instance).Execute();

        Assert.Equal(0, _rooms.RoomCount);
        Assert.Equal(0, _rooms.CollectStats(0).Participants);
    }

    [Fact]
    public async Task Engine_events_are_queued_and_delivered_off_the_worker_thread_in_order()
    {
        var bobEvents = new ThreadRecordingObserver();
        PeerSession alice = Created("room", "alice");
        Created("room", "bob", bobEvents);

        new NegotiateCommand(alice, RoutingHarness.ChromeOffer("alice", 100), isOffer: true).Execute();

        // Alice's two tracks became bob's remote tracks on this thread (the worker's), but bob's observer hears of them
        // on the event queue's task.
        await bobEvents.TwoTracks.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, bobEvents.Threads);
        Assert.Equal(alice.Participant!.Producers.Select(p => p.TrackId).Order(StringComparer.Ordinal), bobEvents.TrackIds.Order(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _rooms.Events.DisposeAsync();
        _worker.Dispose();
    }

    private PeerSession NewSession(string room, string participant) => new(room, participant, _worker, _rooms, _placement);

    private PeerSession Created(string room, string participant, IPeerSessionObserver? observer = null)
    {
        PeerSession session = NewSession(room, participant);
        new CreatePeerCommand(session, observer ?? new RecordingObserver()).Execute();
        return session;
    }

    private sealed class ThreadRecordingObserver : IPeerSessionObserver
    {
        public List<int> Threads { get; } = [];

        public List<string> TrackIds { get; } = [];

        public TaskCompletionSource TwoTracks { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnServerOffer(string offerSdp) => Threads.Add(Environment.CurrentManagedThreadId);

        public void OnRemoteTrack(RemoteTrackInfo track, bool added)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            TrackIds.Add(track.TrackId);
            if (TrackIds.Count == 2)
            {
                TwoTracks.TrySetResult();
            }
        }

        public void OnActiveSpeaker(string participantId) => Threads.Add(Environment.CurrentManagedThreadId);

        public void OnMediaConnected() => Threads.Add(Environment.CurrentManagedThreadId);

        public void OnTransportClosed(string reason) => Threads.Add(Environment.CurrentManagedThreadId);
    }
}
