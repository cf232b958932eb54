using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Tests.Negotiation;
using Sfu.Transport;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

public class RoomTests
{
    [Fact]
    public void Every_participant_consumes_every_other_participants_tracks()
    {
        var harness = new RoutingHarness();
        var (alice, aliceEvents) = harness.Join("alice");
        var (bob, _) = harness.Join("bob");
        alice.ApplyOffer(RoutingHarness.ChromeOffer("alice", 100));
        bob.ApplyOffer(RoutingHarness.ChromeOffer("bob", 200));

        Assert.Equal(2, CountProducers(alice));
        Assert.Equal(2, bob.Consumers.Count);
        Assert.All(bob.Consumers, consumer => Assert.Equal(alice.ParticipantId, consumer.Producer.PublisherId));
        Assert.Equal(2, alice.Consumers.Count);
        Assert.Contains(aliceEvents.TrackEvents, e => e.Added && e.Track.ParticipantId == "bob" && e.Track.StreamId == "bob-stream" && e.Track.TrackId == "bob-video" && e.Track.Kind == MediaKind.Video);
        Assert.Contains(aliceEvents.TrackEvents, e => e.Added && e.Track.TrackId == "bob-audio" && e.Track.Kind == MediaKind.Audio);
    }

    [Fact]
    public void A_late_joiner_gets_consumers_for_everything_already_published()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.Join("alice");
        alice.ApplyOffer(RoutingHarness.ChromeOffer("alice", 100));
        var (carol, carolEvents) = harness.Join("carol");

        Assert.Equal(2, carol.Consumers.Count);
        Assert.Equal(2, carolEvents.TrackEvents.Count);
    }

    [Fact]
    public void Server_offers_every_consumed_track_once_after_the_debounce_with_the_publishers_msid_and_a_fresh_ssrc()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.Join("alice");
        var (bob, bobEvents) = harness.Join("bob");
        alice.ApplyOffer(RoutingHarness.ChromeOffer("alice", 100));

        harness.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Empty(bobEvents.Offers);
        harness.Advance(TimeSpan.FromMilliseconds(200));
        string offerText = Assert.Single(bobEvents.Offers);

        Assert.True(SessionDescription.TryParse(offerText, out SessionDescription? offer, out string? error), error);
        Assert.Equal(2, offer!.Media.Count);
        foreach (MediaDescription media in offer.Media)
        {
            Assert.Equal(SdpDirection.SendOnly, media.Direction);
            SdpMsid msid = Assert.Single(media.Msids);
            Assert.Equal("alice-stream", msid.StreamId);
            Consumer consumer = Assert.Single(bob.Consumers, c => c.Mid == media.Mid);
            Assert.Contains(media.Ssrcs, s => s.Ssrc == consumer.Ssrc);
            Assert.DoesNotContain(media.Ssrcs, s => s.Ssrc is 101 or 102 or 103);
        }

        Assert.True(bob.HasPendingOffer);
    }

    [Fact]
    public void Answering_the_server_offer_makes_consumers_forwardable_and_a_crossing_browser_offer_is_glare()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.Join("alice");
        var (bob, bobEvents) = harness.Join("bob");
        alice.ApplyOffer(RoutingHarness.ChromeOffer("alice", 100));
        harness.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(SessionDescription.TryParse(Assert.Single(bobEvents.Offers), out SessionDescription? offer, out _));

        NegotiationResult glare = bob.ApplyOffer(RoutingHarness.ChromeOffer("bob", 200));
        Assert.False(glare.Succeeded);
        Assert.True(glare.IsGlare);

        bob.ApplyAnswer(NegotiationFixtures.BrowserAnswer(offer!, _ => SdpDirection.RecvOnly));
        Assert.False(bob.HasPendingOffer);
        Assert.All(bob.Consumers, consumer => Assert.True(consumer.IsNegotiated));

        // Now bob may publish: his offer carries the two lines he receives on plus his own.
        harness.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Single(bobEvents.Offers);
    }

    [Fact]
    public void A_refused_answer_is_followed_by_a_fresh_offer_that_can_still_be_answered()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.Join("alice");
        var (bob, bobEvents) = harness.Join("bob");
        alice.ApplyOffer(RoutingHarness.ChromeOffer("alice", 100));
        harness.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(SessionDescription.TryParse(Assert.Single(bobEvents.Offers), out SessionDescription? first, out _));

        // An answer that drops an m= line does not match the offer.
        SessionDescription broken = NegotiationFixtures.BrowserAnswer(first!, _ => SdpDirection.RecvOnly);
        broken.Media.RemoveAt(broken.Media.Count - 1);
        NegotiationResult refused = bob.ApplyAnswer(broken);
        Assert.False(refused.Succeeded);
        Assert.False(refused.IsGlare);
        Assert.False(bob.HasPendingOffer);

        harness.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, bobEvents.Offers.Count);
        Assert.True(SessionDescription.TryParse(bobEvents.Offers[1], out SessionDescription? second, out string? error), error);
        Assert.Equal(2, second!.Media.Count);

        bob.ApplyAnswer(NegotiationFixtures.BrowserAnswer(second, _ => SdpDirection.RecvOnly));
        Assert.All(bob.Consumers, consumer => Assert.True(consumer.IsNegotiated));
        Assert.Equal(2, bob.Consumers.Select(c => c.Mid).Distinct().Count());
    }

    [Fact]
    public void Leaving_removes_the_participants_producers_and_consumers_everywhere()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.Join("alice");
        var (bob, bobEvents) = harness.Join("bob");
        var (carol, carolEvents) = harness.Join("carol");
        alice.ApplyOffer(RoutingHarness.ChromeOffer("alice", 100));
        bob.ApplyOffer(RoutingHarness.ChromeOffer("bob", 200));
        carol.ApplyOffer(RoutingHarness.ChromeOffer("carol", 300));
        Assert.Equal(4, bob.Consumers.Count);
        List<Producer> aliceProducers = [.. alice.Producers];

        harness.Router.Remove(alice);

        Assert.True(alice.IsClosed);
        Assert.DoesNotContain(alice, harness.Router.Participants);
        Assert.Equal(2, bob.Consumers.Count);
        Assert.Equal(2, carol.Consumers.Count);
        Assert.All(bob.Consumers, c => Assert.Equal(carol.ParticipantId, c.Producer.PublisherId));
        Assert.All(aliceProducers, p => Assert.Empty(harness.Router.ConsumersOf(p)));
        Assert.Empty(alice.Consumers);
        Assert.All(bob.Producers, p => Assert.DoesNotContain(harness.Router.ConsumersOf(p), c => c.SubscriberId == alice.ParticipantId));
        Assert.Equal(2, bobEvents.TrackEvents.Count(e => !e.Added && e.Track.ParticipantId == "alice"));
        Assert.Equal(2, carolEvents.TrackEvents.Count(e => !e.Added && e.Track.ParticipantId == "alice"));
        Assert.Equal(TransportState.Closed, alice.Transport.State);
    }

    [Fact]
    public void Unpublishing_a_track_by_renegotiation_removes_its_consumers()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.Join("alice");
        var (bob, bobEvents) = harness.Join("bob");
        alice.ApplyOffer(RoutingHarness.ChromeOffer("alice", 100));
        Assert.Equal(2, bob.Consumers.Count);

        SessionDescription reoffer = RoutingHarness.ChromeOffer("alice", 100);
        reoffer.Media[1].Direction = SdpDirection.Inactive;
        alice.ApplyOffer(reoffer);

        Consumer remaining = Assert.Single(bob.Consumers);
        Assert.Equal(MediaKind.Audio, remaining.Producer.Kind);
        Assert.Contains(bobEvents.TrackEvents, e => !e.Added && e.Track.TrackId == "alice-video");
    }

    private static int CountProducers(Participant participant) => participant.Producers.Count();
}
