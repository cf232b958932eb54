using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Transport;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>A participant whose transport goes away (consent expiry, DTLS close_notify, any close) leaves the room everywhere.</summary>
public class RoomTransportClosedTests
{
    public enum Ending
    {
        /// <summary>The browser stops answering consent checks (RFC 7675: gone after 30 s).</summary>
        ConsentExpiry,

        /// <summary>The browser closes its RTCPeerConnection: DTLS close_notify.</summary>
        DtlsCloseNotify,

        /// <summary>The transport closes for any other reason and tells its listener.</summary>
        TransportClose,
    }

    [Theory]
    [InlineData(Ending.ConsentExpiry, "ICE consent expired")]
    [InlineData(Ending.DtlsCloseNotify, "DTLS closed by the peer")]
    [InlineData(Ending.TransportClose, "test close")]
    public void A_participant_whose_transport_closes_is_removed_from_the_room_everywhere(Ending ending, string reason)
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        ScriptedBrowser carol = harness.JoinBrowser("carol");
        ScriptedBrowser[] others = [bob, carol];
        alice.Publish(100);
        bob.Publish(200); // alice consumes bob's tracks too
        harness.AnswerServerOffers();
        harness.Connect(alice, bob, carol);
        Producer[] aliceProducers = [.. alice.Participant.Producers];
        Producer[] bobProducers = [.. bob.Participant.Producers];
        Assert.All(bobProducers, p => Assert.Contains(harness.Router.ConsumersOf(p), c => c.SubscriberId == alice.Id));
        int offersBefore = carol.Observer.Offers.Count;

        switch (ending)
        {
            case Ending.ConsentExpiry:
                alice.SendsConsentChecks = false;
                harness.Run(TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(1));
                Assert.False(alice.Participant.IsClosed); // the others kept checking: only alice expires
                harness.Run(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1));
                break;
            case Ending.DtlsCloseNotify:
                alice.CloseDtls();
                harness.PumpUntil(() => alice.Participant.IsClosed, "the server to see close_notify");
                break;
            case Ending.TransportClose:
                alice.Participant.Transport.Close(reason);
                break;
        }

        Assert.True(alice.Participant.IsClosed);
        Assert.Equal([reason], alice.Observer.Closed);
        Assert.Equal(TransportState.Closed, alice.Participant.Transport.State);
        Assert.DoesNotContain(alice.Participant, harness.Router.Participants);
        Assert.Equal(2, harness.Router.Participants.Count);
        Assert.DoesNotContain(alice.Participant.Transport, harness.Port.Transports.All);
        Assert.Empty(alice.Participant.Consumers);
        Assert.Empty(alice.Participant.Producers);
        Assert.All(aliceProducers, p => Assert.Empty(harness.Router.ConsumersOf(p)));
        Assert.All(bobProducers, p => Assert.DoesNotContain(harness.Router.ConsumersOf(p), c => c.SubscriberId == alice.Id));

        foreach (ScriptedBrowser other in others)
        {
            Assert.Empty(other.Observer.Closed);
            Assert.DoesNotContain(other.Participant.Consumers, c => c.Producer.PublisherId == alice.Id);
            var removed = other.Observer.TrackEvents.Where(e => !e.Added && e.Track.ParticipantId == "alice").Select(e => e.Track.TrackId).Order();
            Assert.Equal(["alice-audio", "alice-video"], removed);
        }

        Assert.Equal(2, carol.Participant.Consumers.Count); // bob's
        Assert.Empty(bob.Participant.Consumers);

        // The next server offer stops sending alice's tracks; the room goes on for the others.
        harness.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(carol.Observer.Offers.Count > offersBefore);
        Assert.True(SessionDescription.TryParse(carol.Observer.Offers[^1], out SessionDescription? offer, out string? error), error);
        Assert.DoesNotContain(offer!.Media, m => m.Msids.Any(msid => msid.StreamId == "alice-stream"));
        carol.AnswerLatestOffer();
        bob.AnswerLatestOffer();

        alice.ClearReceived();
        carol.ClearReceived();
        uint bobAudio = RoutingHarness.AudioSsrc(200);
        for (int i = 0; i < 5; i++)
        {
            bob.SendRtp(BrowserPackets.Opus(bobAudio, (ushort)(10 + i), (uint)(i * 960)));
            harness.Advance(TimeSpan.FromMilliseconds(20));
        }

        Consumer fromBob = carol.Participant.Consumers.Single(c => c.Producer.Kind == MediaKind.Audio);
        Assert.Equal(5, carol.RtpOn(fromBob.Ssrc).Count());
        harness.Run(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100));
        Assert.Empty(alice.Rtp);
        Assert.Empty(alice.Rtcp);
    }

    [Fact]
    public void Only_the_participant_that_stopped_checking_expires_and_a_second_close_changes_nothing()
    {
        var harness = new RoutingHarness();
        var (alice, others) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = others[0];
        bob.SendsConsentChecks = false;

        harness.Run(TimeSpan.FromSeconds(32), TimeSpan.FromSeconds(1));

        Assert.True(bob.Participant.IsClosed);
        Assert.Equal(["ICE consent expired"], bob.Observer.Closed);
        Assert.False(alice.Participant.IsClosed);
        Assert.Empty(alice.Participant.Producers.SelectMany(harness.Router.ConsumersOf));

        bob.Participant.OnTransportClosed(bob.Participant.Transport, "again");
        harness.Router.Remove(bob.Participant);
        Assert.Equal(["ICE consent expired"], bob.Observer.Closed);
        Assert.Equal([alice.Participant], harness.Router.Participants);
    }
}
