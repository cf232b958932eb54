using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>Renegotiation while media flows: a new publisher adds m= lines for everyone else and changes nothing that exists.</summary>
public class RoomRenegotiationTests
{
    [Fact]
    public void A_third_publisher_joining_leaves_existing_consumers_their_ssrc_mid_and_numbering_while_packets_keep_flowing()
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Publish(100);
        bob.Publish(200);
        harness.AnswerServerOffers();
        harness.Connect(alice, bob);
        var media = new MediaClock(harness);
        media.Send(10, alice, bob);

        ScriptedBrowser[] existing = [alice, bob];
        var before = existing.ToDictionary(b => b.Id, b => b.Participant.Consumers.Select(c => (Consumer: c, c.Ssrc, c.Mid)).ToArray());
        Assert.All(before.Values, consumers => Assert.Equal(2, consumers.Length));
        Assert.All(before.Values, consumers => Assert.All(consumers, c => Assert.Equal(10, c.Consumer.PacketsSent)));

        // Carol joins and publishes; the others get a server offer after the debounce and answer it later, mid-stream.
        ScriptedBrowser carol = harness.JoinBrowser("carol");
        carol.Publish(300);
        media.Send(10, alice, bob);
        Assert.All(existing, b => Assert.True(b.Participant.HasPendingOffer));
        Assert.All(existing, b => Assert.Single(b.Observer.Offers.Skip(1)));
        foreach (ScriptedBrowser browser in existing)
        {
            Assert.True(SessionDescription.TryParse(browser.Observer.Offers[^1], out SessionDescription? offer, out string? error), error);
            foreach (var (_, ssrc, mid) in before[browser.Id])
            {
                MediaDescription line = Assert.Single(offer!.Media, m => m.Mid == mid);
                Assert.Contains(line.Ssrcs, s => s.Ssrc == ssrc);
            }

            Assert.Equal(6, offer!.Media.Count); // own two, the other's two, carol's two
        }

        alice.AnswerLatestOffer();
        media.Send(5, alice, bob);
        bob.AnswerLatestOffer();
        carol.AnswerLatestOffer();
        harness.Connect(carol);
        media.Send(10, alice, bob, carol);

        foreach (ScriptedBrowser browser in existing)
        {
            Assert.False(browser.Participant.HasPendingOffer);
            IReadOnlyList<Consumer> consumers = browser.Participant.Consumers;
            Assert.Equal(4, consumers.Count);
            foreach (var (consumer, ssrc, mid) in before[browser.Id])
            {
                Assert.Contains(consumer, consumers);
                Assert.Equal(ssrc, consumer.Ssrc);
                Assert.Equal(mid, consumer.Mid);
                Assert.True(consumer.IsNegotiated);
                Assert.Equal(35, consumer.PacketsSent);

                // One stream from before the renegotiation to after it: no gap, no restart, no wait for a keyframe.
                ReceivedRtp[] received = [.. browser.RtpOn(ssrc)];
                Assert.Equal(35, received.Length);
                int first = received[0].SequenceNumber;
                Assert.Equal(Enumerable.Range(first, 35), received.Select(p => (int)p.SequenceNumber));
            }

            Consumer[] fromCarol = [.. consumers.Where(c => c.Producer.PublisherId == carol.Id)];
            Assert.Equal(2, fromCarol.Length);
            Assert.All(fromCarol, c => Assert.True(c.IsNegotiated));
            Assert.Empty(fromCarol.Select(c => c.Mid).Intersect(before[browser.Id].Select(c => c.Mid)));
            Assert.All(fromCarol, c => Assert.Equal(10, browser.RtpOn(c.Ssrc).Count()));
        }

        // Carol's video starts at the others' next keyframe (their 31st packet), her audio at once.
        Assert.Equal(4, carol.Participant.Consumers.Count);
        Assert.All(carol.Participant.Consumers, c => Assert.Equal(c.Producer.Kind == MediaKind.Video ? 5 : 10, carol.RtpOn(c.Ssrc).Count()));
        Assert.All([alice, bob, carol], b => Assert.Equal(0, b.UndecryptableDatagrams));
    }

    [Fact]
    public void A_publisher_answering_a_server_offer_keeps_its_producers()
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Publish(100);
        Producer[] producers = [.. alice.Participant.Producers];
        bob.Publish(200);
        harness.AnswerServerOffers();

        Assert.Equal(producers, alice.Participant.Producers);
        Assert.Equal([RoutingHarness.AudioSsrc(100), RoutingHarness.VideoSsrc(100)], producers.Select(p => p.Ssrc).Order());
        Assert.All(bob.Participant.Consumers, c => Assert.Contains(c.Producer, producers));
        Assert.All(bob.Participant.Consumers, c => Assert.True(c.IsNegotiated));
    }

    /// <summary>Every publisher sends one audio and one video packet a step (the first video packet a keyframe), 20 ms apart.</summary>
    private sealed class MediaClock(RoutingHarness harness)
    {
        private readonly Dictionary<string, int> _sent = [];

        public void Send(int steps, params ScriptedBrowser[] publishers)
        {
            for (int step = 0; step < steps; step++)
            {
                foreach (ScriptedBrowser publisher in publishers)
                {
                    int n = _sent.TryGetValue(publisher.Id, out int count) ? count : 0;
                    _sent[publisher.Id] = n + 1;
                    uint ssrcBase = publisher.Participant.Producers.Single(p => p.Kind == MediaKind.Audio).Ssrc - 1;

                    // A keyframe now and then, as an encoder does after a PLI, so late subscribers can start.
                    bool keyframe = n % 10 == 0;
                    publisher.SendRtp(BrowserPackets.Vp8(RoutingHarness.VideoSsrc(ssrcBase), (ushort)(2000 + n), (uint)(n * 1800), keyframe));
                    publisher.SendRtp(BrowserPackets.Opus(RoutingHarness.AudioSsrc(ssrcBase), (ushort)(9000 + n), (uint)(n * 960)));
                }

                harness.Advance(TimeSpan.FromMilliseconds(20));
            }
        }
    }
}
