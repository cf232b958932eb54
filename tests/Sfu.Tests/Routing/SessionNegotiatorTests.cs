using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Forwarding;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Tests.Negotiation;
using Sfu.Tests.Wire.Sdp;
using Sfu.Wire.Rtp;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// The offer/answer state machine alone: no transport, no router, no sockets. Consumers are real (their mids and
/// negotiation state are what the machine manages); the host records what was agreed and which offers went out.
/// </summary>
public class SessionNegotiatorTests
{
    private const long Millisecond = TimeSpan.TicksPerMillisecond;

    /// <summary>
    /// Script: "step=expected; ..." where step is sub audio|sub video (a new consumer), wait N (ms, then a tick),
    /// browser (a browser offer), publish (the browser announces a track its next offer carries), answer (the browser
    /// answers our latest offer), bad-answer (an answer missing an m= line);
    /// expected is answered|applied|glare|failed for descriptions and offer|none for waits.
    /// </summary>
    [Theory]
    [InlineData("a browser offer is answered", "browser=answered")]
    [InlineData("a server offer waits out the debounce, then its answer applies", "sub video; wait 149=none; wait 1=offer; answer=applied")]
    [InlineData("changes within the window share one offer", "sub audio; wait 100=none; sub video; wait 50=offer; wait 500=none; answer=applied")]
    [InlineData("a browser offer crossing ours is glare, and ours can still be answered", "sub video; wait 150=offer; browser=glare; answer=applied")]
    [InlineData("an answer with no offer pending is refused, not glare", "answer=failed")]
    [InlineData("a refused answer is followed by a fresh offer that can be answered", "sub video; wait 150=offer; bad-answer=failed; wait 149=none; wait 1=offer; answer=applied")]
    [InlineData("no second offer while one is pending; it follows the answer", "sub audio; wait 150=offer; sub video; wait 500=none; answer=applied; wait 10=offer; answer=applied")]
    [InlineData("nothing changed, nothing offered", "sub audio; sub video; wait 150=offer; answer=applied; wait 1000=none")]
    public void Offer_answer_script(string name, string script)
    {
        Assert.NotEmpty(name);
        RunScript(new NegotiatorRun(), script);
    }

    /// <summary>
    /// A new participant's browser has the first word: the server's offer waits for its first exchange (then the debounce
    /// alone applies), or for the end of the 2 s wait when it never offers. Same script language, clock from joining.
    /// </summary>
    [Theory]
    [InlineData("no server offer before the browser's first offer; it follows that answer", "sub video; wait 150=none; wait 500=none; browser=answered; wait 1=offer; answer=applied")]
    [InlineData("a client that never offers (receive-only) still gets the offer once the wait is over", "sub audio; sub video; wait 150=none; wait 1849=none; wait 1=offer; answer=applied")]
    [InlineData("after the first exchange the debounce alone applies", "browser=answered; sub video; wait 149=none; wait 1=offer; answer=applied")]
    [InlineData("a track added after the wait is offered after the debounce", "wait 2500=none; sub video; wait 149=none; wait 1=offer; answer=applied")]
    [InlineData("the browser's first offer is never glare, even with tracks to send", "sub video; wait 300=none; browser=answered; browser=answered; wait 1=offer; answer=applied")]
    [InlineData("a browser that announced a track holds the server's offer past the join wait until its offer comes", "sub video; wait 1900=none; publish; wait 1000=none; browser=answered; wait 1=offer; answer=applied")]
    [InlineData("an announced offer that never comes holds server offers for 2 s after the announcement", "browser=answered; publish; sub video; wait 150=none; wait 1849=none; wait 1=offer; answer=applied")]
    [InlineData("a browser offer ends the hold its announcement started", "browser=answered; publish; browser=answered; sub video; wait 149=none; wait 1=offer; answer=applied")]
    public void A_new_participants_browser_offers_first(string name, string script)
    {
        Assert.NotEmpty(name);
        RunScript(new NegotiatorRun(browserFirstWaitMs: 2000), script);
    }

    private static void RunScript(NegotiatorRun run, string script)
    {
        foreach (string step in script.Split(';', StringSplitOptions.TrimEntries))
        {
            string[] parts = step.Split('=');
            int sessionsBefore = run.Host.Sessions.Count;
            string outcome = run.Do(parts[0]);
            if (parts.Length > 1)
            {
                Assert.True(parts[1] == outcome, $"{step}: got {outcome}");
            }

            // Only an agreed description changes the session; a refused one leaves it as it was (NegotiationResult's contract).
            Assert.Equal(outcome is "answered" or "applied" ? sessionsBefore + 1 : sessionsBefore, run.Host.Sessions.Count);
        }

        if (!run.Negotiator.HasPendingOffer)
        {
            Assert.All(run.Consumers.All, consumer => Assert.True(consumer.IsNegotiated));
            Assert.Equal(run.Consumers.Count, run.Consumers.All.Select(c => c.Mid).Distinct().Count());
        }
    }

    [Fact]
    public void Renegotiation_keeps_existing_consumers_on_their_mids_and_ssrcs()
    {
        var run = new NegotiatorRun();
        Consumer audio = run.Subscribe(MediaKind.Audio);
        Consumer video = run.Subscribe(MediaKind.Video);
        Assert.Equal("offer", run.Do("wait 150"));
        Assert.Equal("applied", run.Do("answer"));
        (string? Mid, uint Ssrc)[] before = [(audio.Mid, audio.Ssrc), (video.Mid, video.Ssrc)];

        Consumer late = run.Subscribe(MediaKind.Video);
        Assert.Equal("offer", run.Do("wait 150"));
        SessionDescription offer = run.LatestOffer();
        foreach ((string? mid, uint ssrc) in before)
        {
            MediaDescription line = Assert.Single(offer.Media, m => m.Mid == mid);
            Assert.Contains(line.Ssrcs, s => s.Ssrc == ssrc);
        }

        Assert.NotNull(late.Mid);
        Assert.DoesNotContain(late.Mid, before.Select(b => b.Mid));
        Assert.Equal("applied", run.Do("answer"));
        Assert.Equal(before, new[] { (audio.Mid, audio.Ssrc), (video.Mid, video.Ssrc) });
        Assert.All(run.Consumers.All, consumer => Assert.True(consumer.IsNegotiated));
    }

    [Fact]
    public void A_refused_answer_forgets_only_the_mids_the_browser_never_agreed_to()
    {
        var run = new NegotiatorRun();
        Consumer audio = run.Subscribe(MediaKind.Audio);
        run.Do("wait 150");
        run.Do("answer");
        string? agreed = audio.Mid;

        Consumer video = run.Subscribe(MediaKind.Video);
        Assert.Equal("offer", run.Do("wait 150"));
        Assert.NotNull(video.Mid);
        Assert.Equal("failed", run.Do("bad-answer"));

        Assert.Null(video.Mid);
        Assert.Equal(agreed, audio.Mid);
        Assert.True(audio.IsNegotiated);
        Assert.False(run.Negotiator.HasPendingOffer);
        Assert.Equal("offer", run.Do("wait 150"));
        Assert.Equal("applied", run.Do("answer"));
        Assert.True(video.IsNegotiated);
        Assert.Equal(agreed, audio.Mid);
    }

    /// <summary>One participant's negotiator with a recording host, a clock, and consumers of a fake publisher's tracks.</summary>
    private sealed class NegotiatorRun : IProducerListener, IConsumerListener, IPublisherFeedbackSender
    {
        private static readonly NegotiatedSession PublisherSession = NegotiationFixtures.Answer(SampleOffers.Chrome, out _);
        private long _now = TimeSpan.TicksPerSecond;

        /// <param name="browserFirstWaitMs">How long after joining (now) server offers wait for the browser's first exchange.</param>
        public NegotiatorRun(int browserFirstWaitMs = 0) =>
            Negotiator = new SessionNegotiator("sub", CodecPolicy.Default, Consumers, Host, NullLogger.Instance, _now + (browserFirstWaitMs * Millisecond));

        public RecordingHost Host { get; } = new();

        public ConsumerSet Consumers { get; } = new();

        public SessionNegotiator Negotiator { get; }

        public bool CanSendFeedback => false;

        public string Do(string step)
        {
            string[] words = step.Split(' ');
            switch (words[0])
            {
                case "sub":
                    Subscribe(words[1] == "audio" ? MediaKind.Audio : MediaKind.Video);
                    return "none";
                case "wait":
                    int offers = Host.Offers.Count;
                    _now += long.Parse(words[1]) * Millisecond;
                    Negotiator.Tick(_now);
                    return Host.Offers.Count > offers ? "offer" : "none";
                case "publish":
                    Negotiator.ExpectBrowserOffer(_now + (2000 * Millisecond));
                    return "none";
                case "browser":
                    return Outcome(Negotiator.ApplyOffer(RoutingHarness.ChromeOffer("sub", 500), _now), "answered");
                case "answer":
                    return Outcome(Negotiator.ApplyAnswer(BrowserAnswer(), _now), "applied");
                case "bad-answer":
                    SessionDescription broken = BrowserAnswer();
                    broken.Media.RemoveAt(broken.Media.Count - 1);
                    return Outcome(Negotiator.ApplyAnswer(broken, _now), "applied");
                default:
                    throw new ArgumentException("unknown step " + step);
            }
        }

        /// <summary>A consumer of a new track of the publisher; the negotiator is told the tracks changed.</summary>
        public Consumer Subscribe(MediaKind kind)
        {
            int n = Consumers.Count;
            NegotiatedMedia published = PublisherSession.Media.First(m => m.Kind == (kind == MediaKind.Audio ? "audio" : "video"));
            var description = new ProducerDescription("p" + n, kind, "pub-stream", "pub-track-" + n, default);
            var producer = new Producer("pub", description, published.Codecs, TimeSpan.TicksPerSecond, this, this);
            var consumer = new Consumer("sub", producer, 7000 + (uint)n, new RecordingPacketSender(() => _now), this);
            Consumers.Add(consumer);
            Negotiator.ScheduleRenegotiation(_now);
            return consumer;
        }

        public SessionDescription LatestOffer() => SdpTestHelpers.Parse(Host.Offers[^1]);

        public void OnProducerRtp(Producer producer, ReadOnlySpan<byte> payload, in RtpHeader header, NegotiatedCodec codec, in IncomingPacketInfo info, int audioLevel, long nowTicks)
        {
        }

        public void OnAudioLevel(Producer producer, byte level, bool voiceActivity)
        {
        }

        public void OnKeyframeRequested(Consumer consumer, long nowTicks)
        {
        }

        public void SendPictureLossIndication(uint mediaSsrc)
        {
        }

        private static string Outcome(NegotiationResult result, string success) =>
            result.IsGlare ? "glare" : result.Succeeded ? success : "failed";

        /// <summary>What a browser answers to our latest offer (or, with none, to a made-up one: it is refused either way).</summary>
        private SessionDescription BrowserAnswer()
        {
            SessionDescription offer = Host.Offers.Count > 0 ? LatestOffer() : RoutingHarness.ChromeOffer("sub", 500);
            return NegotiationFixtures.BrowserAnswer(offer, media => (media.Direction ?? SdpDirection.SendRecv).Reverse());
        }
    }

    private sealed class RecordingHost : INegotiationHost
    {
        public LocalTransportParameters LocalParameters => NegotiationFixtures.Local;

        public List<NegotiatedSession> Sessions { get; } = [];

        public List<string> Offers { get; } = [];

        public void OnNegotiated(NegotiatedSession session, long nowTicks) => Sessions.Add(session);

        public void OnServerOffer(string offerSdp) => Offers.Add(offerSdp);
    }
}
