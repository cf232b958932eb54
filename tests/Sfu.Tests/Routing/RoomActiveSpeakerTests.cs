using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Rtp;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>From RFC 6464 audio levels in publishers' packets to OnActiveSpeaker at every participant of the room.</summary>
public class RoomActiveSpeakerTests
{
    /// <summary>Levels are -dBov (0 loudest, 127 silence) with the voice activity bit set; below -60 dBov counts as silence.</summary>
    [Theory]
    [InlineData(30, 50, "alice")]
    [InlineData(50, 20, "bob")]
    [InlineData(40, 127, "alice")]
    [InlineData(127, 10, "bob")]
    [InlineData(127, 127, null)]
    [InlineData(70, 65, null)]
    public void The_louder_of_two_publishers_becomes_the_active_speaker_for_everyone(int aliceLevel, int bobLevel, string? expected)
    {
        var (harness, alice, bob, carol) = Meeting();

        Speak(harness, TimeSpan.FromSeconds(1.2), (alice, (byte)aliceLevel), (bob, (byte)bobLevel));

        foreach (ScriptedBrowser browser in new[] { alice, bob, carol })
        {
            Assert.Equal(expected is null ? [] : [expected], browser.Observer.Speakers);
        }
    }

    [Fact]
    public void The_active_speaker_moves_to_the_other_publisher_once_it_is_louder_for_longer_than_the_hold()
    {
        var (harness, alice, bob, carol) = Meeting();
        while (carol.Observer.Speakers.Count == 0)
        {
            Speak(harness, TimeSpan.FromMilliseconds(20), (alice, 20), (bob, 127));
            Assert.True(harness.Now < 10 * TimeSpan.TicksPerSecond, "alice never became the active speaker");
        }

        Assert.Equal(["alice"], carol.Observer.Speakers);

        // Bob is louder from the moment alice was chosen: the hold (1 s) keeps alice until it is over.
        Speak(harness, TimeSpan.FromSeconds(0.9), (alice, 127), (bob, 15));
        Assert.Equal(["alice"], carol.Observer.Speakers);

        Speak(harness, TimeSpan.FromSeconds(0.2), (alice, 127), (bob, 15));
        Assert.Equal(["alice", "bob"], carol.Observer.Speakers);
        Assert.Equal(["alice", "bob"], alice.Observer.Speakers);
        Assert.Equal(["alice", "bob"], bob.Observer.Speakers);
    }

    [Fact]
    public void Subscribers_receive_each_packets_audio_level_under_the_id_they_negotiated()
    {
        var (harness, alice, _, carol) = Meeting();
        Speak(harness, TimeSpan.FromMilliseconds(100), (alice, 33));

        Consumer consumer = carol.Participant.Consumers.Single(c => c.Producer.PublisherId == alice.Id && c.Producer.Kind == MediaKind.Audio);
        Assert.True(SessionDescription.TryParse(carol.Observer.Offers[^1], out SessionDescription? offer, out _));
        int id = offer!.FindMedia(consumer.Mid!)!.Extmaps.Single(e => e.Uri == RtpExtensionUris.AudioLevel).Id;
        ReceivedRtp[] received = [.. carol.RtpOn(consumer.Ssrc)];
        Assert.Equal(5, received.Length);
        Assert.All(received, p => Assert.Equal([(byte)(0x80 | 33)], p.Extension(id) ?? []));
    }

    [Fact]
    public void A_participant_that_leaves_while_speaking_is_not_announced_again()
    {
        var (harness, alice, bob, carol) = Meeting();
        Speak(harness, TimeSpan.FromSeconds(1.2), (alice, 20), (bob, 40));
        Assert.Equal(["alice"], carol.Observer.Speakers);

        harness.Router.Remove(alice.Participant);
        Speak(harness, TimeSpan.FromSeconds(1.5), (bob, 40));

        Assert.Equal(["alice", "bob"], carol.Observer.Speakers);
    }

    /// <summary>Alice and Bob publish, Carol only listens; everyone answered and is connected.</summary>
    private static (RoutingHarness Harness, ScriptedBrowser Alice, ScriptedBrowser Bob, ScriptedBrowser Carol) Meeting()
    {
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        ScriptedBrowser carol = harness.JoinBrowser("carol");
        alice.Publish(100);
        bob.Publish(200);
        harness.AnswerServerOffers();
        harness.Connect(alice, bob, carol);
        return (harness, alice, bob, carol);
    }

    /// <summary>Each speaker sends a 20 ms Opus packet with its level every 20 ms for <paramref name="duration"/>.</summary>
    private static void Speak(RoutingHarness harness, TimeSpan duration, params (ScriptedBrowser Browser, byte Level)[] speakers)
    {
        for (TimeSpan elapsed = TimeSpan.Zero; elapsed < duration; elapsed += TimeSpan.FromMilliseconds(20))
        {
            foreach (var (browser, level) in speakers)
            {
                Producer audio = browser.Participant.Producers.Single(p => p.Kind == MediaKind.Audio);
                ushort sequence = (ushort)audio.PacketsReceived;
                browser.SendRtp(BrowserPackets.Opus(audio.Ssrc, sequence, (uint)(sequence * 960), level));
            }

            harness.Advance(TimeSpan.FromMilliseconds(20));
        }
    }
}
