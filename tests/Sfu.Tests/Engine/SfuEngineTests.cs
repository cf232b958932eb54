using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Tests.Routing;

namespace Sfu.Tests.Engine;

/// <summary>The engine facade as signaling sees it: calls become commands on a media worker and come back as values.</summary>
public sealed class SfuEngineTests
{
    [Fact]
    public async Task A_bad_offer_is_a_failed_result_not_an_exception()
    {
        await using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 1 });
        using IPeerSession alice = await engine.CreatePeerAsync("room", "alice", new RecordingObserver());

        NegotiationResult result = await alice.HandleOfferAsync("v=0\r\nthis is not sdp\r\n");

        Assert.False(result.Succeeded);
        Assert.False(result.IsGlare);
        Assert.Contains("not valid SDP", result.Error);
    }

    [Fact]
    public async Task A_browser_offer_crossing_a_server_offer_is_reported_as_glare()
    {
        await using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 1 });
        var bobEvents = new RecordingObserver();
        using IPeerSession alice = await engine.CreatePeerAsync("room", "alice", new RecordingObserver());
        using IPeerSession bob = await engine.CreatePeerAsync("room", "bob", bobEvents);
        Assert.True((await alice.HandleOfferAsync(RoutingHarness.ChromeOffer("alice", 100).ToString())).Succeeded);

        // The server offers bob alice's tracks after its debounce; until bob answers, his own offer is glare.
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref bobEvents.OfferCount) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, Volatile.Read(ref bobEvents.OfferCount));
        NegotiationResult glare = await bob.HandleOfferAsync(RoutingHarness.ChromeOffer("bob", 200).ToString());
        Assert.True(glare.IsGlare);
    }

    [Fact]
    public async Task Rooms_are_spread_over_workers_and_every_participant_of_a_room_shares_one()
    {
        await using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 2 });
        using IPeerSession a1 = await engine.CreatePeerAsync("a", "a1", new RecordingObserver());
        using IPeerSession b1 = await engine.CreatePeerAsync("b", "b1", new RecordingObserver());
        using IPeerSession a2 = await engine.CreatePeerAsync("a", "a2", new RecordingObserver());

        int roomA = engine.Placement.WorkerOf("a");
        int roomB = engine.Placement.WorkerOf("b");
        Assert.NotEqual(roomA, roomB);
        Assert.NotEqual(engine.MediaEndPoints[0].Port, engine.MediaEndPoints[1].Port);

        EngineStats stats = await engine.GetStatsAsync();
        Assert.Equal(2, stats.Rooms);
        Assert.Equal(3, stats.Participants);
        Assert.Equal(2, stats.Workers[roomA].Participants);
        Assert.Equal(1, stats.Workers[roomB].Participants);
    }

    [Fact]
    public async Task Disposing_a_session_frees_its_seat_and_an_empty_room_forgets_its_worker()
    {
        await using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 2 });
        IPeerSession alice = await engine.CreatePeerAsync("room", "alice", new RecordingObserver());
        Assert.NotEqual(-1, engine.Placement.WorkerOf("room"));

        alice.Dispose();

        Assert.Equal(-1, engine.Placement.WorkerOf("room"));
        NegotiationResult late = await alice.HandleOfferAsync(RoutingHarness.ChromeOffer("alice", 100).ToString());
        Assert.False(late.Succeeded);
        Assert.Equal(0, (await engine.GetStatsAsync()).Participants);
    }

    [Fact]
    public async Task Stopping_the_engine_closes_every_participant_and_answers_what_was_still_queued()
    {
        var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 2 });
        IPeerSession alice = await engine.CreatePeerAsync("room", "alice", new RecordingObserver());
        await engine.DisposeAsync();

        NegotiationResult result = await alice.HandleOfferAsync(RoutingHarness.ChromeOffer("alice", 100).ToString());
        Assert.False(result.Succeeded);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.CreatePeerAsync("room", "bob", new RecordingObserver()));
    }
}
