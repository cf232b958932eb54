using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// The media-level limits that keep a room usable: one offer cannot publish more than MaxPublishedTracks tracks (and
/// leaves the room untouched when it tries), a subscriber receives at most MaxSubscriptions tracks, and a transport's
/// SRTP state is freed when streams end, with a cap still reached counted as its own drop reason.
/// </summary>
public class RoomMediaLimitsTests
{
    [Fact]
    public void An_offer_with_100_sending_m_lines_is_refused_and_the_room_is_untouched()
    {
        var harness = new RoutingHarness();
        var (alice, _) = harness.Join("alice");
        var (bob, bobSees) = harness.Join("bob");

        NegotiationResult result = alice.ApplyOffer(OfferWithVideoLines("alice", 100));

        Assert.False(result.Succeeded);
        Assert.Contains("100 tracks", result.Error);
        Assert.Contains("at most 8", result.Error);
        harness.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, alice.ProducerCount);
        Assert.Equal(0, bob.ConsumerCount);
        Assert.Empty(bobSees.Offers);
        Assert.Empty(bobSees.TrackEvents);

        // The participant stays usable: an offer within the limit is answered afterwards.
        Assert.True(alice.ApplyOffer(OfferWithVideoLines("alice", 8)).Succeeded);
        Assert.Equal(8, alice.ProducerCount);
    }

    [Fact]
    public void Beyond_the_subscription_limit_new_producers_are_not_subscribed_and_are_counted()
    {
        using var refused = new MetricCounter("sfu_subscriptions_refused_total");
        var harness = new RoutingHarness(new SfuOptions { MaxSubscriptions = 3 });
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser carol = harness.JoinBrowser("carol");

        alice.Publish(100);
        carol.Publish(200);
        harness.AnswerServerOffers();

        Assert.Equal(3, bob.Participant.ConsumerCount);
        Assert.Equal(2, alice.Participant.ConsumerCount); // carol's two, within the limit
        Assert.Equal(1, refused.Count);
    }

    [Fact]
    public void Removed_consumers_release_their_ssrc_and_removed_or_moved_producers_release_theirs()
    {
        var room = new FakeSenderRoom("alice", "bob");
        FakeSenderRoom.Member bob = room.Find("bob");
        FakeSenderRoom.Member alice = room.Publisher;
        uint[] consumerSsrcs = [.. bob.Participant.Consumers.SelectMany(c => c.RtxSsrc == 0 ? new[] { c.Ssrc } : [c.Ssrc, c.RtxSsrc])];
        Assert.Equal(3, consumerSsrcs.Length); // audio, and video with the RTX SSRC its probes go on

        // A new SSRC on the same m= lines (a replaced track) releases the old media and RTX SSRCs.
        Assert.True(alice.Participant.ApplyOffer(RoutingHarness.ChromeOffer("alice", 500)).Succeeded);
        Assert.Equal(
            new uint[] { RoutingHarness.AudioSsrc(100), RoutingHarness.VideoSsrc(100), 103 }.Order(),
            alice.Sent.ReleasedReceivedSsrcs.Order());
        Assert.Empty(bob.Sent.ReleasedSsrcs);

        // The publisher leaves: the subscriber's consumers go and release the SSRCs they sent on (media and RTX).
        room.Router.Remove(alice.Participant);
        Assert.Equal(consumerSsrcs.Order(), bob.Sent.ReleasedSsrcs.Order());
    }

    [Fact]
    public void An_srtp_ssrc_limit_still_reached_is_counted_as_srtp_ssrc_limit_and_logged_once()
    {
        using var limited = MetricCounter.Drops("srtp_ssrc_limit");
        var log = new EventIdLogger();
        var limits = new SfuOptions { MaxSubscriptions = 1, MaxPublishedTracks = 2 };
        var harness = new RoutingHarness(limits, log);
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        alice.Publish(100);
        harness.Connect(alice);

        int cap = limits.SrtpSsrcsPerSession;
        for (uint ssrc = 0; ssrc < cap + 5; ssrc++)
        {
            alice.SendRtp(BrowserPackets.Opus(10_000 + ssrc, 1, 960));
        }

        Assert.Equal(5, limited.Count);
        Assert.Equal(1, log.Count(2020));
    }

    /// <summary>A Chrome offer whose video m= line is repeated until there are <paramref name="lines"/> sending lines.</summary>
    private static SessionDescription OfferWithVideoLines(string participantId, int lines)
    {
        // SSRCs from a base whose digits appear nowhere else in the offer, so they can be replaced as text.
        const uint ssrcBase = 7_000_000;
        string text = RoutingHarness.ChromeOffer(participantId, ssrcBase).ToString();
        int videoStart = text.IndexOf("m=video", StringComparison.Ordinal);
        string head = text[..videoStart];
        string video = text[videoStart..];
        var sdp = new StringBuilder(head);
        sdp.Append(video);
        for (int i = 2; i < lines; i++)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            sdp.Append(video
                .Replace("a=mid:1", "a=mid:" + index)
                .Replace(participantId + "-video", participantId + "-video" + index)
                .Replace(RoutingHarness.VideoSsrc(ssrcBase).ToString(CultureInfo.InvariantCulture), (10_000 + (2 * i)).ToString(CultureInfo.InvariantCulture))
                .Replace((ssrcBase + 3).ToString(CultureInfo.InvariantCulture), (10_001 + (2 * i)).ToString(CultureInfo.InvariantCulture)));
        }

        string bundle = "a=group:BUNDLE " + string.Join(' ', Enumerable.Range(0, lines));
        string result = sdp.ToString().Replace("a=group:BUNDLE 0 1", bundle);
        Assert.True(SessionDescription.TryParse(result, out SessionDescription? offer, out string? error), error);
        Assert.Equal(lines, offer!.Media.Count);
        return offer;
    }

    /// <summary>Counts log lines by event id.</summary>
    private sealed class EventIdLogger : ILogger
    {
        private readonly List<int> _ids = [];

        public int Count(int eventId) => _ids.Count(id => id == eventId);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _ids.Add(eventId.Id);
    }
}
