using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Tests.Wire.Sdp;
using Sfu.Wire.Rtp;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// Random and mutated input through the engine, not just the parsers: offers and answers applied to participants of a
/// router with other participants, and RTP/RTCP given to the routing path directly and through real SRTP. Nothing
/// may escape as an exception, and a refused description leaves the participant exactly as it was. Fixed seeds, so a
/// failure names the seed and iteration that reproduce it.
/// </summary>
public class RoomFuzzTests
{
    private const int Offers = 3000;
    private const int Packets = 20_000;

    [Fact]
    public void Mutated_offers_and_answers_are_answered_or_refused_without_changing_a_refusing_participant()
    {
        var random = new Random(20260501);
        var harness = new RoutingHarness();
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        ScriptedBrowser carol = harness.JoinBrowser("carol");
        alice.Publish(100);
        bob.Publish(200);
        harness.AnswerServerOffers();
        harness.Connect(alice, bob, carol);
        List<ScriptedBrowser> targets = [alice, bob, carol];
        int answered = 0, refused = 0, unparsed = 0;
        var reasons = new Dictionary<string, int>();
        for (int i = 0; i < Offers; i++)
        {
            if (i % 500 == 0)
            {
                targets.Add(harness.JoinBrowser("late" + i)); // its first offer goes through the same fuzz
            }

            ScriptedBrowser browser = targets[random.Next(targets.Count)];
            Participant target = browser.Participant;
            string text = OfferMutator.Mutate(BaseOffer(browser, random), random);
            if (!SessionDescription.TryParse(text, out SessionDescription? offer, out _))
            {
                unparsed++;
                continue;
            }

            ParticipantSnapshot before = ParticipantSnapshot.Of(target);
            NegotiationResult result = Guard(i, text, () => target.ApplyOffer(offer!));
            if (result.Succeeded)
            {
                answered++;
                Assert.True(SessionDescription.TryParse(result.Sdp!, out _, out string? error), $"iteration {i}: our answer does not parse: {error}");
            }
            else
            {
                refused++;
                reasons[result.Error!] = reasons.GetValueOrDefault(result.Error!) + 1;
                Assert.True(before == ParticipantSnapshot.Of(target), $"iteration {i}: refused ({result.Error}) but changed\n{text}");
            }

            if (i % 20 == 19)
            {
                // Server offers go out to everyone whose tracks changed; they are answered well or badly.
                harness.Advance(TimeSpan.FromMilliseconds(200));
                foreach (Participant participant in harness.Router.Participants)
                {
                    AnswerPendingOffer(harness, participant, random, i);
                }
            }
        }

        Assert.True(answered > Offers / 20, $"{answered} answered, {refused} refused, {unparsed} did not parse: " + string.Join("\n", reasons.OrderByDescending(r => r.Value).Take(10)));
        Assert.True(refused > Offers / 20, $"{answered} answered, {refused} refused, {unparsed} did not parse");
    }

    [Fact]
    public void Random_and_mutated_rtp_and_rtcp_never_escape_the_routing_path()
    {
        var random = new Random(20260502);
        var harness = new RoutingHarness();
        var (alice, subscribers) = harness.PublishAndSubscribe("alice", 100, "bob");
        ScriptedBrowser bob = subscribers[0];
        ScriptedBrowser[] browsers = [alice, bob];
        uint[] ssrcs = [RoutingHarness.AudioSsrc(100), RoutingHarness.VideoSsrc(100), 103, .. bob.Participant.Consumers.Select(c => c.Ssrc), alice.Participant.RtcpSsrc, 0, uint.MaxValue];
        for (int i = 0; i < Packets; i++)
        {
            ScriptedBrowser from = browsers[random.Next(browsers.Length)];
            bool isRtcp = random.Next(3) == 0;
            byte[] packet = random.Next(4) == 0 ? RandomBytes(random) : Mutate(Sample(random, ssrcs, isRtcp, i), random);
            Guard(i, Convert.ToHexString(packet), () =>
            {
                if (random.Next(3) == 0)
                {
                    // Through the real path: SRTP with the session's keys, the dispatcher, the transport.
                    from.TrySend(packet, isRtcp);
                }
                else if (isRtcp)
                {
                    from.Participant.OnRtcp(from.Participant.Transport, packet, harness.Now);
                }
                else
                {
                    from.Participant.OnRtp(from.Participant.Transport, packet, harness.Now);
                }

                if (i % 50 == 0)
                {
                    harness.Advance(TimeSpan.FromMilliseconds(10));
                }

                return 0;
            });
        }

        // The session survived: both still connected, and what the server sent always decrypted.
        Assert.All(browsers, browser => Assert.True(browser.IsConnected));
        Assert.All(browsers, browser => Assert.Equal(0, browser.UnprotectFailures));
    }

    /// <summary>What the browser would re-offer now (its current description, setup:actpass), or a first offer.</summary>
    private static string BaseOffer(ScriptedBrowser browser, Random random)
    {
        if (browser.Observer.Offers.Count == 0 || random.Next(10) == 0)
        {
            return random.Next(4) == 0 ? SampleOffers.Firefox : RoutingHarness.ChromeOffer(browser.Id, (uint)random.Next(1000, 100_000) * 10).ToString();
        }

        SessionDescription current = browser.CurrentDescription();
        foreach (MediaDescription media in current.Media)
        {
            media.Setup = SdpSetupRole.ActPass;
        }

        return current.ToString();
    }

    private static void AnswerPendingOffer(RoutingHarness harness, Participant participant, Random random, int iteration)
    {
        if (!participant.HasPendingOffer)
        {
            return;
        }

        string answerText = harness.Browser(participant).CurrentDescription().ToString();
        if (random.Next(2) == 0)
        {
            answerText = OfferMutator.Mutate(answerText, random);
        }

        if (!SessionDescription.TryParse(answerText, out SessionDescription? answer, out _))
        {
            return;
        }

        ParticipantSnapshot before = ParticipantSnapshot.Of(participant);
        NegotiationResult result = Guard(iteration, answerText, () => participant.ApplyAnswer(answer!));
        if (!result.Succeeded)
        {
            // A refused answer spends the offer and drops the mids it gave new consumers (SessionNegotiator.ApplyAnswer);
            // what was agreed stays.
            ParticipantSnapshot after = ParticipantSnapshot.Of(participant);
            Assert.True(before with { PendingOffer = false, Consumers = after.Consumers } == after, $"iteration {iteration}: answer refused ({result.Error}) but changed\n{answerText}");
        }
    }

    private static T Guard<T>(int iteration, string input, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"iteration {iteration} threw on input:\n{input}", e);
        }
    }

    private static byte[] Sample(Random random, uint[] ssrcs, bool isRtcp, int i)
    {
        uint ssrc = ssrcs[random.Next(ssrcs.Length)];
        uint other = ssrcs[random.Next(ssrcs.Length)];
        ushort sequence = (ushort)random.Next(65536);
        if (isRtcp)
        {
            return random.Next(3) switch
            {
                0 => BrowserPackets.Pli(ssrc, other),
                1 => BrowserPackets.Fir(ssrc, other, (byte)i),
                _ => BrowserPackets.SenderReport(ssrc, (ulong)random.NextInt64(), (uint)random.Next(), (uint)i, (uint)random.Next()),
            };
        }

        return random.Next(4) switch
        {
            0 => BrowserPackets.Opus(ssrc, sequence, (uint)random.Next(), audioLevel: (byte)random.Next(128), mid: random.Next(2) == 0 ? "0" : null),
            1 => BrowserPackets.Rtx(BrowserPackets.Vp8(RoutingHarness.VideoSsrc(100), sequence, 0, keyframe: false), ssrc, (ushort)i),
            _ => BrowserPackets.Vp8(ssrc, sequence, (uint)random.Next(), keyframe: random.Next(5) == 0, mid: random.Next(2) == 0 ? "1" : null, payloadLength: random.Next(8, 300)),
        };
    }

    /// <summary>Bit flips, truncation, or header bits that change the layout (P with a random count, X, CSRC count).</summary>
    private static byte[] Mutate(byte[] packet, Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                return packet;
            case 1:
                return packet[..random.Next(packet.Length + 1)];
            case 2:
                packet[0] |= 0x20;
                packet[^1] = (byte)random.Next(256);
                return packet;
            case 3:
                packet[0] = (byte)((packet[0] & 0xE0) | random.Next(32));
                return packet;
            default:
                for (int flips = 1 + random.Next(4); flips > 0; flips--)
                {
                    packet[random.Next(packet.Length)] ^= (byte)(1 << random.Next(8));
                }

                return packet;
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F)); // RTP version 2, so the header parser gets past the first check
        }

        return bytes;
    }
}
