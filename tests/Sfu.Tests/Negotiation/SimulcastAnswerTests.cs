using Sfu.Negotiation;
using Sfu.Tests.Wire.Sdp;
using Sfu.Wire.Sdp;
using static Sfu.Tests.Negotiation.NegotiationFixtures;

namespace Sfu.Tests.Negotiation;

/// <summary>
/// Answers to simulcast offers as browsers send them: Chrome's rids q;h;f low to high with no SSRCs, Firefox's h;m;l
/// high to low with an a=ssrc line and FID group per encoding, and Chrome's SSRC simulcast (a=ssrc-group:SIM). The
/// server accepts RID simulcast by mirroring the rids as recv (RFC 8853 section 5.3) so the browser sends every layer.
/// </summary>
public class SimulcastAnswerTests
{
    /// <summary>
    /// Firefox's format (a=ssrc and FID per encoding, no SIM group, extmap directions) for a camera with sendEncodings
    /// [h, m, l], written from the Firefox sample offer; the offer really captured from firefox-esr is
    /// Fixtures/firefox-esr-simulcast-offer.sdp, tested in FirefoxSimulcastOfferTests.
    /// </summary>
    public const string FirefoxSimulcast = """
        v=0
        o=mozilla...THIS_IS_SDPARTA-99.0 5277574588349436014 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=fingerprint:sha-256 27:A0:AE:B3:FE:E9:23:2F:8A:F2:21:1F:9E:E4:91:C5:B1:0B:EC:B5:56:3B:FC:1E:6F:93:42:7E:CB:C8:FE:29
        a=group:BUNDLE 0 1 2
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 0.0.0.0
        a=candidate:0 1 UDP 2122252543 3e3f4d6c-5b2a-4f0e-9a1d-2c7b8e9f0a1b.local 51980 typ host
        a=candidate:2 1 UDP 1686052863 198.51.100.23 51980 typ srflx raddr 0.0.0.0 rport 0
        a=sendonly
        a=end-of-candidates
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:9f8e7d6c5b4a39281706f5e4d3c2b1a0
        a=ice-ufrag:4a5b6c7d
        a=mid:0
        a=msid:{7b5a1f3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b} {9c8b7a6f-5e4d-4c3b-2a19-0f8e7d6c5b4a}
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=setup:actpass
        a=ssrc:3443370171 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98
        c=IN IP4 0.0.0.0
        a=sendonly
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:8 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
        a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
        a=fmtp:120 max-fs=12288;max-fr=60
        a=fmtp:124 apt=120
        a=fmtp:121 max-fs=12288;max-fr=60
        a=fmtp:125 apt=121
        a=fmtp:127 apt=126
        a=fmtp:98 apt=97
        a=ice-pwd:9f8e7d6c5b4a39281706f5e4d3c2b1a0
        a=ice-ufrag:4a5b6c7d
        a=mid:1
        a=msid:{7b5a1f3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b} {0a1b2c3d-4e5f-4061-8273-948596a7b8c9}
        a=rid:h send
        a=rid:m send
        a=rid:l send
        a=rtcp-fb:120 nack
        a=rtcp-fb:120 nack pli
        a=rtcp-fb:120 ccm fir
        a=rtcp-fb:120 goog-remb
        a=rtcp-fb:120 transport-cc
        a=rtcp-fb:121 nack
        a=rtcp-fb:121 nack pli
        a=rtcp-fb:121 ccm fir
        a=rtcp-fb:121 goog-remb
        a=rtcp-fb:121 transport-cc
        a=rtcp-fb:126 nack
        a=rtcp-fb:126 nack pli
        a=rtcp-fb:126 ccm fir
        a=rtcp-fb:126 goog-remb
        a=rtcp-fb:126 transport-cc
        a=rtcp-fb:97 nack
        a=rtcp-fb:97 nack pli
        a=rtcp-fb:97 ccm fir
        a=rtcp-fb:97 goog-remb
        a=rtcp-fb:97 transport-cc
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:120 VP8/90000
        a=rtpmap:124 rtx/90000
        a=rtpmap:121 VP9/90000
        a=rtpmap:125 rtx/90000
        a=rtpmap:126 H264/90000
        a=rtpmap:127 rtx/90000
        a=rtpmap:97 H264/90000
        a=rtpmap:98 rtx/90000
        a=setup:actpass
        a=simulcast:send h;m;l
        a=ssrc:2697541306 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        a=ssrc:1850130128 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        a=ssrc:3119840745 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        a=ssrc:2054772370 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        a=ssrc:1278321004 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        a=ssrc:4160523811 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        a=ssrc-group:FID 2697541306 1850130128
        a=ssrc-group:FID 3119840745 2054772370
        a=ssrc-group:FID 1278321004 4160523811
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=ice-pwd:9f8e7d6c5b4a39281706f5e4d3c2b1a0
        a=ice-ufrag:4a5b6c7d
        a=mid:2
        a=setup:actpass
        a=sctp-port:5000
        a=max-message-size:1073741823

        """;

    [Fact]
    public void Chrome_rid_offer_is_answered_with_recv_rids_and_simulcast_in_its_order()
    {
        NegotiatedSession negotiated = Answer(SampleOffers.ChromeSimulcast, out SessionDescription answer);
        string text = answer.ToString();

        Assert.True(CodecPolicy.Default.AcceptSimulcast);
        Assert.Contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n", text);
        NegotiatedMedia video = negotiated.Media[1];
        Assert.Equal(["q", "h", "f"], video.Remote!.Rids);
        Assert.True(video.Remote.IsSimulcast);
        Assert.Equal(10, video.ExtensionIds[SdpExtensionUris.RtpStreamId]);
        Assert.Equal(11, video.ExtensionIds[SdpExtensionUris.RepairedRtpStreamId]);
        Assert.Contains("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", text);
        Assert.Contains("a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", text);
    }

    [Fact]
    public void Firefox_rid_offer_is_answered_with_its_own_rid_names_and_order()
    {
        NegotiatedSession negotiated = Answer(FirefoxSimulcast, out SessionDescription answer);
        string text = answer.ToString();

        Assert.Contains("a=rid:h recv\r\na=rid:m recv\r\na=rid:l recv\r\na=simulcast:recv h;m;l\r\n", text);
        Assert.Contains("a=recvonly", text);
        NegotiatedMedia video = negotiated.Media[1];
        Assert.Equal(["h", "m", "l"], video.Remote!.Rids);
        Assert.Equal(8, video.ExtensionIds[SdpExtensionUris.RtpStreamId]);
        Assert.Equal(9, video.ExtensionIds[SdpExtensionUris.RepairedRtpStreamId]);

        // The SSRC lines beside the rids are read (three encodings, each with its RTX) but do not say which rid is which.
        Assert.Equal(3, video.Remote.Encodings.Count);
        Assert.Equal([1850130128u, 2054772370u, 4160523811u], video.Remote.Encodings.Select(e => e.RtxSsrc!.Value));
    }

    [Fact]
    public void Chrome_ssrc_simulcast_offer_keeps_every_layer_and_its_rtx_in_group_order()
    {
        NegotiatedSession negotiated = Answer(SampleOffers.ChromeSsrcSimulcast, out SessionDescription answer);

        NegotiatedMedia video = negotiated.Media[1];
        Assert.Equal([1593287342u, 2714356018u, 3820157744u], video.Remote!.Encodings.Select(e => e.Ssrc));
        Assert.Equal([420736159u, 1067830525u, 2289564871u], video.Remote.Encodings.Select(e => e.RtxSsrc!.Value));
        Assert.DoesNotContain("a=simulcast", answer.ToString());
    }

    [Fact]
    public void A_paused_rid_in_the_offer_is_still_an_encoding_in_the_answer()
    {
        string offer = SampleOffers.ChromeSimulcast.Replace("a=simulcast:send q;h;f", "a=simulcast:send q;h;~f");
        NegotiatedSession negotiated = Answer(offer, out SessionDescription answer);

        Assert.Equal(["q", "h", "f"], negotiated.Media[1].Remote!.Rids);
        Assert.Contains("a=simulcast:recv q;h;f", answer.ToString());
    }
}
