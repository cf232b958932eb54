using Sfu.Engine;
using Sfu.Tests.Routing;

namespace Sfu.Tests.Engine;

/// <summary>The engine facade as signaling sees it: calls cross to the media thread and failures come back as documented.</summary>
public sealed class SfuEngineTests
{
    [Fact]
    public void A_bad_offer_fails_with_the_engines_own_exception_not_a_wrapped_one()
    {
        using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0 });
        using IPeerSession alice = engine.CreatePeer("room", "alice", new RecordingObserver());

        var error = Assert.Throws<SdpNegotiationException>(() => alice.HandleOffer("v=0\r\nthis is not sdp\r\n"));
        Assert.False(error.IsGlare);
    }

    [Fact]
    public async Task A_browser_offer_crossing_a_server_offer_is_reported_as_glare()
    {
        using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0 });
        var bobEvents = new RecordingObserver();
        using IPeerSession alice = engine.CreatePeer("room", "alice", new RecordingObserver());
        using IPeerSession bob = engine.CreatePeer("room", "bob", bobEvents);
        alice.HandleOffer(RoutingHarness.ChromeOffer("alice", 100).ToString());

        // The server offers bob alice's tracks after its debounce; until bob answers, his own offer is glare.
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref bobEvents.OfferCount) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, Volatile.Read(ref bobEvents.OfferCount));
        var glare = Assert.Throws<SdpNegotiationException>(() => bob.HandleOffer(RoutingHarness.ChromeOffer("bob", 200).ToString()));
        Assert.True(glare.IsGlare);
    }
}
