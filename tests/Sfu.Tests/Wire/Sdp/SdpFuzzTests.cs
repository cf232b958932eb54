using System.Text;
using Sfu.Tests.Wire.Rtp;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.Tests.Wire.Sdp;

/// <summary>
/// 100,000 inputs per test, fixed seeds, like the RTP/RTCP/STUN fuzz tests (<see cref="FuzzInputs.Iterations"/>):
/// random text, random SDP-shaped lines, mutated real offers and candidate strings. The parser, the answer and offer
/// builders and the candidate parser never throw or hang, and whatever parses writes back to text that parses to the
/// same text (the writer never emits what the reader refuses).
/// </summary>
public class SdpFuzzTests
{
    private const string Alphabet = "vosmtcbaikzreu=: \t\r\n0123456789/-;,*~.+_{}abcdefxyzABCDEFGHIJ\u00e9\u0001\u007f";
    private const string Header = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n";

    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(5);

    private static readonly string[] Offers =
    [
        SampleOffers.Chrome, SampleOffers.ChromeSimulcast, SampleOffers.ChromeSsrcSimulcast, SampleOffers.ChromeRidSimulcastHml, SampleOffers.Firefox,
        Negotiation.FirefoxSimulcastOfferTests.Offer,
    ];

    private static readonly string[] Fragments =
    [
        "a=", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=video 0 RTP/SAVPF 96", "a=rtpmap:", "a=fmtp:", "a=rtcp-fb:", "a=extmap:",
        "a=ssrc:", "a=ssrc-group:FID ", "a=ssrc-group:SIM ", "a=rid:", "a=simulcast:", "a=candidate:", "a=mid:", "a=msid:", "a=group:BUNDLE ",
        "a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:sha-256 ", "a=setup:", "a=rtcp:", "a=rtcp-mux", "a=sendonly", "c=IN IP4 ",
        " typ host", " raddr ", " rport ", "4294967295", "4294967296", "99999999999999999999999", "-1", "127", "128", "~", ";", ",",
    ];

    private static readonly LocalTransportParameters Local = new("ufrag", "pwd0123456789012345678901", "AB:CD", [new HostCandidate("192.0.2.1", 40000)]);

    [Fact]
    public void Random_text_never_throws() => Run(() =>
    {
        var random = new Random(20240601);
        for (var i = 0; i < FuzzInputs.Iterations; i++)
        {
            Exercise(RandomText(random, 0, 200), negotiate: true);
        }
    });

    [Fact]
    public void Random_sdp_lines_never_throw() => Run(() =>
    {
        var random = new Random(20240602);
        var parsed = 0;
        for (var i = 0; i < FuzzInputs.Iterations; i++)
        {
            if (Exercise(Header + RandomLines(random), negotiate: true))
            {
                parsed++;
            }
        }

        // The lines are built from real attribute names, so some inputs get past the reader into the writer.
        Assert.True(parsed > 1_000, $"only {parsed} random SDPs parsed");
    });

    [Fact]
    public void Mutated_real_offers_never_throw() => Run(() =>
    {
        var random = new Random(20240603);
        var parsed = 0;
        for (var i = 0; i < FuzzInputs.Iterations; i++)
        {
            if (Exercise(Mutate(random, Offers[i % Offers.Length]), negotiate: true))
            {
                parsed++;
            }
        }

        // Many single-line mutations leave a valid SDP; make sure those paths (writer, negotiation) really ran.
        Assert.True(parsed > 20_000, $"only {parsed} mutated offers parsed");
    });

    [Fact]
    public void Random_candidates_never_throw() => Run(() =>
    {
        var random = new Random(20240604);
        var parsed = 0;
        for (var i = 0; i < FuzzInputs.Iterations; i++)
        {
            var text = RandomCandidate(random);
            if (SdpCandidate.TryParse(text, out var candidate, out var error))
            {
                parsed++;
                Assert.True(SdpCandidate.TryParse(candidate!.ToString(), out var again, out error), error);
                Assert.Equal(candidate.ToString(), again!.ToString());
            }
            else
            {
                Assert.NotNull(error);
            }
        }

        // Most strings are built from real candidate tokens, so the round trip above really ran.
        Assert.True(parsed > 1_000, $"only {parsed} candidates parsed");
    });

    private static void Run(Action body)
    {
        // A hang shows up as a failed wait, not as a stuck test run.
        var work = Task.Run(body);
        Assert.True(work.Wait(HangLimit), "SDP fuzzing did not finish: possible infinite loop");
    }

    private static bool Exercise(string text, bool negotiate)
    {
        if (!SessionDescription.TryParse(text, out var sdp, out var error))
        {
            Assert.NotNull(error);
            return false;
        }

        var written = sdp!.ToString();
        Assert.True(SessionDescription.TryParse(written, out var again, out error), $"writer output does not parse: {error}\n{written}");
        Assert.Equal(written, again!.ToString());

        if (!negotiate)
        {
            return true;
        }

        if (SdpAnswerBuilder.TryBuildAnswer(sdp, Local, CodecPolicy.Default, out var answer, out var negotiated, out error))
        {
            Assert.True(SessionDescription.TryParse(answer!.ToString(), out _, out error), error);
            if (SdpOfferBuilder.TryBuildOffer(negotiated, Local, CodecPolicy.Default, [], out var offer, out error))
            {
                Assert.True(SessionDescription.TryParse(offer!.Offer.ToString(), out _, out error), error);
            }
        }
        else
        {
            Assert.NotNull(error);
        }

        return true;
    }

    private static string RandomText(Random random, int min, int max)
    {
        var length = random.Next(min, max);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : Alphabet[random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    private static string RandomLines(Random random)
    {
        var text = new StringBuilder();
        var lines = random.Next(1, 12);
        for (var i = 0; i < lines; i++)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
            for (var j = random.Next(4); j > 0; j--)
            {
                text.Append(random.Next(3) == 0 ? Fragments[random.Next(Fragments.Length)] : RandomText(random, 0, 8));
            }

            text.Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }

        return text.ToString();
    }

    private static string RandomCandidate(Random random)
    {
        var tokens = new[] { "candidate:1", "1", "udp", "2130706431", "10.0.0.1", "5000", "typ", "host", "raddr", "1.2.3.4", "rport", "9", "generation", "0" };
        var text = new StringBuilder();
        var count = random.Next(tokens.Length + 1);
        for (var i = 0; i < count; i++)
        {
            text.Append(random.Next(8) == 0 ? RandomText(random, 0, 6) : tokens[i]).Append(' ');
        }

        return text.ToString();
    }

    /// <summary>1-3 edits of a real offer: characters changed, inserted or deleted, lines truncated, duplicated, dropped or swapped, numbers replaced.</summary>
    private static string Mutate(Random random, string offer)
    {
        var lines = new List<string>(offer.Split('\n'));
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var index = random.Next(lines.Count);
            var line = lines[index];
            switch (random.Next(8))
            {
                case 0 when line.Length > 0:
                    lines[index] = line.Remove(random.Next(line.Length), 1).Insert(random.Next(line.Length), Alphabet[random.Next(Alphabet.Length)].ToString());
                    break;
                case 1 when line.Length > 0:
                    lines[index] = line.Remove(random.Next(line.Length), 1);
                    break;
                case 2:
                    lines[index] = line.Insert(random.Next(line.Length + 1), Alphabet[random.Next(Alphabet.Length)].ToString());
                    break;
                case 3:
                    lines[index] = line[..random.Next(line.Length + 1)];
                    break;
                case 4:
                    lines.Insert(index, line);
                    break;
                case 5:
                    lines.RemoveAt(index);
                    break;
                case 6:
                    var other = random.Next(lines.Count);
                    (lines[index], lines[other]) = (lines[other], lines[index]);
                    break;
                default:
                    lines[index] = ReplaceToken(random, line);
                    break;
            }

            if (lines.Count == 0)
            {
                lines.Add("");
            }
        }

        return string.Join(random.Next(2) == 0 ? "\n" : "\r\n", lines);
    }

    private static string ReplaceToken(Random random, string line)
    {
        var tokens = line.Split(' ');
        tokens[random.Next(tokens.Length)] = Fragments[random.Next(Fragments.Length)];
        return string.Join(' ', tokens);
    }
}
