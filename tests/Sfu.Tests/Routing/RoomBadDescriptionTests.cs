using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// A description whose transport parameters the engine could not use is refused as a value before anything changes:
/// RFC 8839 section 5.4 credentials and an RFC 8122 sha-256 fingerprint. Before, an over-long a=ice-pwd passed the
/// answer builder and threw in the transport after the participant's session had been replaced.
/// </summary>
public class RoomBadDescriptionTests
{
    private const string Sha256 = "A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C";

    public static TheoryData<string, string, string> BadTransports => new()
    {
        { "pwd", new string('p', 257), "a=ice-pwd" },
        { "pwd", new string('p', 21), "a=ice-pwd" },
        { "pwd", "Yh3jK9LmN2pQ4rS6tU8vW0x-", "a=ice-pwd" },
        { "ufrag", "Xq2", "a=ice-ufrag" },
        { "ufrag", new string('u', 257), "a=ice-ufrag" },
        { "ufrag", "Xq2v\u00e9", "a=ice-ufrag" },
        { "fingerprint", "sha-1 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72", "sha-256" },
        { "fingerprint", "sha-256 A5:4D:CA:18", "32 colon-separated hex pairs" },
        { "fingerprint", "sha-256 " + Sha256 + ":00", "32 colon-separated hex pairs" },
    };

    [Theory]
    [MemberData(nameof(BadTransports))]
    public void A_bad_offer_is_refused_and_changes_nothing(string field, string value, string expectedError)
    {
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ParticipantSnapshot aliceBefore = ParticipantSnapshot.Of(alice.Participant);
        ParticipantSnapshot bobBefore = ParticipantSnapshot.Of(subscribers[0].Participant);

        // alice re-offers (a renegotiation) with one bad transport value on every line.
        SessionDescription offer = RoutingHarness.ChromeOffer("alice", 100);
        Corrupt(offer, field, value);
        NegotiationResult result = alice.Participant.ApplyOffer(offer);

        Assert.False(result.Succeeded);
        Assert.False(result.IsGlare);
        Assert.Contains(expectedError, result.Error);
        Assert.DoesNotContain(new string('p', 100), result.Error); // the value itself is not echoed
        Assert.Equal(aliceBefore, ParticipantSnapshot.Of(alice.Participant));
        Assert.Equal(bobBefore, ParticipantSnapshot.Of(subscribers[0].Participant));
    }

    [Theory]
    [MemberData(nameof(BadTransports))]
    public void A_first_offer_with_bad_transport_is_refused_before_any_producer_exists(string field, string value, string expectedError)
    {
        var harness = new RoutingHarness();
        Participant carol = harness.Join("carol").Participant;
        SessionDescription offer = RoutingHarness.ChromeOffer("carol", 300);
        Corrupt(offer, field, value);

        NegotiationResult result = carol.ApplyOffer(offer);

        Assert.Contains(expectedError, result.Error);
        Assert.Equal(0, carol.ProducerCount);
        Assert.Null(carol.Negotiated);
        Assert.Null(carol.Transport.Ice.RemoteUfrag);
        Assert.Null(carol.Transport.RemoteFingerprint);
    }

    [Fact]
    public void A_bad_answer_is_refused_and_leaves_producers_consumers_and_the_session_as_they_were()
    {
        var harness = new RoutingHarness();
        var (_, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        harness.JoinBrowser("carol").Publish(300);
        harness.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(bob.Participant.HasPendingOffer);
        ParticipantSnapshot before = ParticipantSnapshot.Of(bob.Participant);
        string[] agreedConsumers = [.. bob.Participant.Consumers.Where(c => c.IsNegotiated).Select(c => $"{c.Ssrc} {c.Mid}")];

        SessionDescription? answer = null;
        var refused = Assert.Throws<Xunit.Sdk.TrueException>(() => bob.AnswerLatestOffer(a =>
        {
            Corrupt(a, "pwd", new string('p', 300));
            answer = a;
        }));

        Assert.Contains("a=ice-pwd", refused.Message);
        Assert.NotNull(answer);

        // The offer is spent (the browser already holds its answer, RFC 8829 section 4.1.10) and a fresh one follows;
        // everything that was agreed stays. Only carol's new consumers lose the mids the refused offer gave them.
        ParticipantSnapshot after = ParticipantSnapshot.Of(bob.Participant);
        Assert.Equal(before with { PendingOffer = false, Consumers = after.Consumers }, after);
        Assert.Equal(agreedConsumers, bob.Participant.Consumers.Where(c => c.IsNegotiated).Select(c => $"{c.Ssrc} {c.Mid}"));
        Assert.Equal(2, agreedConsumers.Length);
        harness.AnswerServerOffers();
        Assert.Equal(4, bob.Participant.ConsumerCount);
        Assert.All(bob.Participant.Consumers, consumer => Assert.True(consumer.IsNegotiated));
    }

    private static void Corrupt(SessionDescription description, string field, string value)
    {
        foreach (MediaDescription media in description.Media)
        {
            switch (field)
            {
                case "pwd":
                    media.IcePwd = value;
                    break;
                case "ufrag":
                    media.IceUfrag = value;
                    break;
                default:
                    string[] parts = value.Split(' ');
                    media.Fingerprints.Clear();
                    media.Fingerprints.Add(new SdpFingerprint(parts[0], parts[1]));
                    break;
            }
        }
    }
}
