using System.Runtime.CompilerServices;
using Sfu.Negotiation;
using Sfu.Tests.Wire.Sdp;
using Sfu.Wire.Sdp;
using static Sfu.Tests.Negotiation.NegotiationFixtures;

namespace Sfu.Tests.Negotiation;

/// <summary>
/// The offer firefox-esr 153 really makes for a camera published as three RID encodings (addTransceiver with
/// sendEncodings q/h/f), captured headless by tests/Sfu.IntegrationTests/Firefox and kept byte for byte in
/// Fixtures/firefox-esr-simulcast-offer.sdp. How it differs from Chrome's RID simulcast offer
/// (<see cref="SampleOffers.ChromeSimulcast"/>):
/// - Firefox lists an a=ssrc line and an a=ssrc-group:FID (media, RTX) for EVERY encoding, without a SIM group;
///   Chrome lists no SSRC for RID simulcast at all and learns them from the RtpStreamId extension;
/// - its rid/repaired-rid extmaps carry a direction (a=extmap:9/sendonly ...), Chrome's do not;
/// - a=rid lines have no pt= or max-width restrictions; a=simulcast:send q;h;f is in sendEncodings order;
/// - the msid has no stream id ("a=msid:- {uuid}") when addTransceiver is given no stream, and the media-level
///   a=extmap-allow-mixed, playout-delay/recvonly and the AV1 dependency descriptor are offered as well.
/// </summary>
public class FirefoxSimulcastOfferTests
{
    /// <summary>The fixture's text; also a seed of the SDP mutation tests (<see cref="Wire.Sdp.SdpFuzzTests"/>).</summary>
    internal static readonly string Offer = File.ReadAllText(FixturePath());

    [Fact]
    public void Fixture_is_the_real_crlf_sdp_with_three_rids_and_three_fid_pairs()
    {
        Assert.StartsWith("v=0\r\no=mozilla...THIS_IS_SDPARTA-", Offer, StringComparison.Ordinal);
        var offer = SdpTestHelpers.Parse(Offer);
        var video = offer.Media[1];
        Assert.Equal(["q", "h", "f"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(SdpRidDirection.Send, r.Direction));
        Assert.Equal(3, video.SsrcGroups.Count(g => g.Semantics == "FID"));
        Assert.DoesNotContain(video.SsrcGroups, g => g.Semantics == "SIM");
        Assert.Equal(["q", "h", "f"], RemoteSourceReader.ReadSendRids(video));
    }

    [Fact]
    public void Declined_when_the_policy_refuses_simulcast_so_firefox_sends_one_encoding_on_its_first_ssrc()
    {
        var negotiated = Answer(Offer, out var answer, policy: new CodecPolicy { AcceptSimulcast = false });
        var text = answer.ToString();

        // RFC 8853 section 5.3: no a=simulcast in the answer declines it; Firefox then sends only its first encoding.
        Assert.DoesNotContain("a=rid", text);
        Assert.DoesNotContain("a=simulcast", text);
        var video = negotiated.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Empty(video.Remote!.Rids);
        // Firefox lists an SSRC per rid; only the first is sent, so only it may become the producer's (single) layer.
        Assert.Equal(new RemoteEncoding(3824587501, 3595608395), Assert.Single(video.Remote.Encodings));
        Assert.False(video.Remote.IsSimulcast);
        Assert.Equal(["VP8"], video.Codecs.Select(c => c.Name)); // no H264 offered: Debian has no OpenH264 plugin
        Assert.Equal(3, video.ExtensionIds[SdpExtensionUris.Mid]);
        Assert.Equal(7, video.ExtensionIds[SdpExtensionUris.TransportWideCc]);
    }

    [Fact]
    public void Accepted_as_rid_simulcast_when_the_policy_allows_it()
    {
        var negotiated = Answer(Offer, out var answer, policy: SimulcastPolicy);
        var text = answer.ToString();

        Assert.Contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n", text);
        var video = negotiated.Media[1];
        Assert.Equal(["q", "h", "f"], video.Remote!.Rids);
        Assert.True(video.Remote.IsSimulcast);

        // Firefox's /sendonly extmaps are answered without a direction or as recvonly, never as sendonly (RFC 8285
        // section 6: the answerer's direction mirrors the offerer's), and keep the offered ids.
        Assert.Equal((9, 10), (video.ExtensionIds[SdpExtensionUris.RtpStreamId], video.ExtensionIds[SdpExtensionUris.RepairedRtpStreamId]));
        Assert.DoesNotContain("/sendonly urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", text);
    }

    private static string FixturePath([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Fixtures", "firefox-esr-simulcast-offer.sdp");
}
