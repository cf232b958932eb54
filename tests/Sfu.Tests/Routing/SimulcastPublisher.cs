using Sfu.Wire.Sdp;
using Sfu.Tests.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>A publisher of Chrome's three-layer SSRC simulcast (SampleOffers.ChromeSsrcSimulcast) in a routing harness.</summary>
internal static class SimulcastPublisher
{
    public const string Mid = "1";

    /// <summary>The SIM group of the offer: the SSRC of each layer, low to high.</summary>
    public static readonly uint[] Layers = [1593287342, 2714356018, 3820157744];

    /// <summary>The FID (RTX) SSRC of each layer.</summary>
    public static readonly uint[] RtxLayers = [420736159, 1067830525, 2289564871];

    /// <summary>Alice publishes simulcast; Bob subscribes; both connected.</summary>
    public static (ScriptedBrowser Publisher, ScriptedBrowser Subscriber) Publish(RoutingHarness harness)
    {
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        ScriptedBrowser bob = harness.JoinBrowser("bob");
        alice.Publish(Offer("alice"));
        harness.AnswerServerOffers();
        harness.Connect(alice, bob);
        harness.Advance(TimeSpan.FromMilliseconds(10));
        return (alice, bob);
    }

    public static SessionDescription Offer(string participantId)
    {
        string text = SampleOffers.ChromeSsrcSimulcast
            .Replace("2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21", participantId + "-stream")
            .Replace("6f7c2d1e-8a4b-4e5f-9c3d-1b2a3f4e5d6c", participantId + "-audio")
            .Replace("a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d", participantId + "-video");
        Assert.True(SessionDescription.TryParse(text, out SessionDescription? offer, out string? error), error);
        return offer!;
    }
}
