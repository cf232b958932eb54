using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Tests.Negotiation;
using Sfu.Tests.Wire.Sdp;
using Sfu.Transport;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// A <see cref="Router"/> whose participants send into <see cref="RecordingPacketSender"/>s: the first participant
/// publishes a Chrome offer, the others answer the server offers that follow, and everything is routable at once
/// (the recorders are ready; no transport ever connects). Clock and context come from a <see cref="RoutingHarness"/>.
/// </summary>
internal sealed class FakeSenderRoom
{
    private readonly RoutingHarness _harness = new();
    private readonly List<Member> _members = [];

    public FakeSenderRoom(string publisher, params string[] subscribers)
    {
        Publisher = Join(publisher);
        foreach (string id in subscribers)
        {
            Join(id);
        }

        Assert.True(Publisher.Participant.ApplyOffer(RoutingHarness.ChromeOffer(publisher, 100)).Succeeded);
        Advance(SessionNegotiator.RenegotiationDelayTicks);
        foreach (Member member in Subscribers)
        {
            SessionDescription offer = SdpTestHelpers.Parse(member.Observer.Offers[^1]);
            SessionDescription answer = NegotiationFixtures.BrowserAnswer(offer, _ => SdpDirection.RecvOnly);
            Assert.True(member.Participant.ApplyAnswer(answer).Succeeded);
        }
    }

    public long Now => _harness.Now;

    public Router Router => _harness.Router;

    public Member Publisher { get; }

    public IEnumerable<Member> Subscribers => _members.Where(m => m != Publisher);

    public Member Find(string id) => _members.Single(m => m.Id == id);

    /// <summary>Moves the clock and ticks the router (RTCP, renegotiation, consent).</summary>
    public void Advance(long ticks)
    {
        _harness.Now += ticks;
        Router.Tick(_harness.Now);
    }

    public void AdvanceTo(long ticks) => Advance(ticks - Now);

    /// <summary>A decrypted packet from the publisher's browser, as its transport would deliver it.</summary>
    public void PublisherSends(byte[] packet) => Publisher.Participant.OnRtp(Publisher.Participant.Transport, packet, Now);

    private Member Join(string id)
    {
        var observer = new RecordingObserver();
        var sender = new RecordingPacketSender(() => _harness.Now);
        var participant = new Participant(id, observer, _harness.Context, listener => new WebRtcTransport(_harness.Port, listener, id), _ => sender);
        Router.Add(participant);
        var member = new Member(id, participant, sender, observer);
        _members.Add(member);
        return member;
    }

    internal sealed record Member(string Id, Participant Participant, RecordingPacketSender Sent, RecordingObserver Observer);
}
