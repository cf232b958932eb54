using System.Globalization;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;
using static Sfu.Tests.Negotiation.NegotiationFixtures;

using Sfu.Tests.Wire.Sdp;
namespace Sfu.Tests.Negotiation;

public class SdpAnswerBuilderTests
{
    private const string ExpectedChromeAnswer = """
        v=0
        o=- {SID} 1 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=ice-lite
        a=msid-semantic:WMS *
        m=audio 40000 UDP/TLS/RTP/SAVPF 111
        c=IN IP4 192.0.2.10
        a=ice-ufrag:srvU
        a=ice-pwd:srvPwd0123456789012345ab
        a=fingerprint:sha-256 {FP}
        a=setup:passive
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=recvonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host
        a=candidate:2 1 udp 2130706175 2001:db8::1 40000 typ host
        a=end-of-candidates
        m=video 40000 UDP/TLS/RTP/SAVPF 96 97 106 107
        c=IN IP4 192.0.2.10
        a=ice-ufrag:srvU
        a=ice-pwd:srvPwd0123456789012345ab
        a=fingerprint:sha-256 {FP}
        a=setup:passive
        a=mid:1
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=recvonly
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:106 H264/90000
        a=rtcp-fb:106 goog-remb
        a=rtcp-fb:106 transport-cc
        a=rtcp-fb:106 ccm fir
        a=rtcp-fb:106 nack
        a=rtcp-fb:106 nack pli
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106

        """;

    [Fact]
    public void Chrome_offer_gets_the_exact_ice_lite_answer()
    {
        var negotiated = Answer(SampleOffers.Chrome, out var answer);

        // Every line matters here: ICE-lite, passive DTLS, our credentials, only Opus and VP8 + H264 42e01f with RTX,
        // only allow-listed rtcp-fb and extmaps with the offer's ids, candidates once on the BUNDLE tag.
        var expected = SampleOffers.WithCrLf(ExpectedChromeAnswer)
            .Replace("{SID}", negotiated.SessionId.ToString(CultureInfo.InvariantCulture))
            .Replace("{FP}", ServerFingerprint);
        Assert.Equal(expected, answer.ToString());
        Assert.True(negotiated.SessionId < (1ul << 62));
    }

    [Fact]
    public void Chrome_offer_negotiated_session()
    {
        var negotiated = Answer(SampleOffers.Chrome, out _);

        Assert.Equal("Xq2v", negotiated.RemoteIceUfrag);
        Assert.Equal("Yh3jK9LmN2pQ4rS6tU8vW0xZ", negotiated.RemoteIcePwd);
        Assert.Equal("sha-256", negotiated.RemoteFingerprint.Algorithm);
        Assert.StartsWith("A5:4D:CA", negotiated.RemoteFingerprint.Value);
        Assert.Equal(3, negotiated.RemoteCandidates.Count);
        Assert.Equal(["0", "1"], negotiated.BundleMids);
        Assert.Equal(1ul, negotiated.SessionVersion);

        var audio = negotiated.Media[0];
        Assert.Equal(("0", "audio", SdpDirection.RecvOnly, false), (audio.Mid, audio.Kind, audio.Direction, audio.Rejected));
        Assert.True(audio.ServerReceives);
        Assert.False(audio.ServerSends);
        var opus = Assert.Single(audio.Codecs);
        Assert.Equal(("opus", 111, 48000, (int?)2, "minptime=10;useinbandfec=1", (int?)null), (opus.Name, opus.PayloadType, opus.ClockRate, opus.Channels, opus.Parameters, opus.RtxPayloadType));
        Assert.Equal(["transport-cc"], opus.Feedback);
        Assert.Equal(new RemoteEncoding(1001234567, null), Assert.Single(audio.Remote!.Encodings));
        Assert.Equal("8ca81811-66d2-4876-b2fd-f2022a96fb1a", audio.Remote.StreamId);
        Assert.Equal("d1bc52d9-230d-477e-a225-71594720771f", audio.Remote.TrackId);
        Assert.Equal("tB3lQz1cXo9uVqK2", audio.Remote.Cname);
        Assert.Equal(1, audio.ExtensionIds[SdpExtensionUris.AudioLevel]);

        var video = negotiated.Media[1];
        Assert.Equal(["VP8", "H264"], video.Codecs.Select(c => c.Name));
        Assert.Equal((96, (int?)97), (video.Codecs[0].PayloadType, video.Codecs[0].RtxPayloadType));
        Assert.Equal((106, (int?)107), (video.Codecs[1].PayloadType, video.Codecs[1].RtxPayloadType));
        Assert.True(video.Codecs[0].HasFeedback("nack pli"));
        Assert.True(video.Codecs[0].HasFeedback("transport-cc"));
        Assert.Same(video.Codecs[1], video.FindCodec(107));
        Assert.Equal(new RemoteEncoding(2231627014, 632943048), Assert.Single(video.Remote!.Encodings));
        Assert.Empty(video.Remote.Rids);
        Assert.False(video.Remote.IsSimulcast);

        var ids = negotiated.HeaderExtensionIds;
        Assert.Equal(6, ids.Count);
        Assert.Equal((1, 2, 3, 4, 10, 11), (ids[SdpExtensionUris.AudioLevel], ids[SdpExtensionUris.AbsSendTime], ids[SdpExtensionUris.TransportWideCc],
            ids[SdpExtensionUris.Mid], ids[SdpExtensionUris.RtpStreamId], ids[SdpExtensionUris.RepairedRtpStreamId]));
    }

    [Fact]
    public void Firefox_offer_uses_session_fingerprint_and_rejects_datachannel()
    {
        var negotiated = Answer(SampleOffers.Firefox, out var answer);
        var text = answer.ToString();

        Assert.StartsWith("27:A0:AE", negotiated.RemoteFingerprint.Value);
        Assert.Equal(("4a5b6c7d", "9f8e7d6c5b4a39281706f5e4d3c2b1a0"), (negotiated.RemoteIceUfrag, negotiated.RemoteIcePwd));
        Assert.Equal(2, negotiated.RemoteCandidates.Count);
        Assert.Equal(["0", "1"], negotiated.BundleMids);
        Assert.Contains("a=group:BUNDLE 0 1\r\n", text);
        Assert.Contains("m=audio 40000 UDP/TLS/RTP/SAVPF 109\r\n", text);
        // Firefox offers no minptime: ours applies; stereo/maxplaybackrate are not copied.
        Assert.Contains("a=fmtp:109 minptime=10;useinbandfec=1\r\n", text);
        Assert.DoesNotContain("csrc-audio-level", text);
        Assert.DoesNotContain("toffset", text);
        Assert.DoesNotContain("playout-delay", text);
        // VP8 120/124 and H264 126/127 (packetization-mode=1), not 97 (mode 0 by default).
        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 120 124 126 127\r\n", text);
        Assert.Contains("a=fmtp:120 max-fs=12288;max-fr=60\r\n", text);
        Assert.Contains("a=fmtp:124 apt=120\r\n", text);
        Assert.Contains("a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1\r\n", text);
        Assert.Equal(["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"], negotiated.Media[1].Codecs[0].Feedback);
        Assert.Equal([3, 4, 7], negotiated.Media[1].HeaderExtensions.Select(e => e.Id));
        Assert.Equal(new RemoteEncoding(2697541306, 1850130128), Assert.Single(negotiated.Media[1].Remote!.Encodings));
        Assert.Equal("{0a1b2c3d-4e5f-4061-8273-948596a7b8c9}", negotiated.Media[1].Remote!.TrackId);

        // RFC 3264 section 6: the datachannel keeps its m= line with port 0 and its mid.
        Assert.Contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n", text);
        Assert.EndsWith("a=mid:2\r\n", text);
        var data = negotiated.Media[2];
        Assert.True(data.Rejected);
        Assert.False(data.ServerReceives);
        Assert.Empty(data.Codecs);
    }

    [Fact]
    public void Chrome_rid_simulcast_offer_is_declined_when_the_policy_turns_simulcast_off()
    {
        var negotiated = Answer(SampleOffers.ChromeSimulcast, out var answer, policy: new CodecPolicy { AcceptSimulcast = false });
        var text = answer.ToString();

        // RFC 8853 section 5.3: an answer without a=simulcast declines it; Chrome then sends only its first encoding.
        Assert.DoesNotContain("a=rid", text);
        Assert.DoesNotContain("a=simulcast", text);
        Assert.Equal(2, SdpTestHelpers.Lines(text).Count(l => l == "a=recvonly"));
        var video = negotiated.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Empty(video.Remote!.Rids);
        Assert.False(video.Remote.IsSimulcast);
        Assert.Empty(video.Remote.Encodings);

        // The single encoding still arrives on an unsignalled SSRC, learned from the MID extension; the rid ones stay too.
        Assert.Equal(4, video.ExtensionIds[SdpExtensionUris.Mid]);
        Assert.Equal(10, video.ExtensionIds[SdpExtensionUris.RtpStreamId]);
        Assert.Equal(["VP8", "H264"], video.Codecs.Select(c => c.Name));
    }

    [Fact]
    public void Chrome_simulcast_offer_is_accepted_as_simulcast_when_the_policy_allows_it()
    {
        var negotiated = Answer(SampleOffers.ChromeSimulcast, out var answer, policy: SimulcastPolicy);
        var text = answer.ToString();

        Assert.Contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n", text);
        Assert.Equal(2, SdpTestHelpers.Lines(text).Count(l => l == "a=recvonly"));
        var video = negotiated.Media[1];
        Assert.Equal(["q", "h", "f"], video.Remote!.Rids);
        Assert.True(video.Remote.IsSimulcast);
        Assert.Empty(video.Remote.Encodings);
        Assert.Equal(10, video.ExtensionIds[SdpExtensionUris.RtpStreamId]);
        Assert.Equal(11, video.ExtensionIds[SdpExtensionUris.RepairedRtpStreamId]);
        Assert.Equal(["VP8", "H264"], video.Codecs.Select(c => c.Name));
    }

    [Fact]
    public void Chrome_ssrc_simulcast_offer_is_received_as_three_encodings_and_answered_plainly()
    {
        var negotiated = Answer(SampleOffers.ChromeSsrcSimulcast, out var answer);
        var text = answer.ToString();

        var video = negotiated.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal(
            [new RemoteEncoding(1593287342, 420736159), new RemoteEncoding(2714356018, 1067830525), new RemoteEncoding(3820157744, 2289564871)],
            video.Remote!.Encodings);
        Assert.True(video.Remote.IsSimulcast);
        Assert.Empty(video.Remote.Rids);
        Assert.Equal(["VP8", "H264"], video.Codecs.Select(c => c.Name));
        Assert.Equal(new RemoteEncoding(2948174103, null), Assert.Single(negotiated.Media[0].Remote!.Encodings));

        // SSRC simulcast needs nothing in the answer (RFC 5576 groups describe what the offerer sends): no SIM echo, no
        // rid/simulcast lines, no ssrc lines (the server sends nothing here), and the conference flag is not copied.
        Assert.DoesNotContain("a=ssrc", text);
        Assert.DoesNotContain("a=rid", text);
        Assert.DoesNotContain("a=simulcast", text);
        Assert.DoesNotContain("x-google-flag", text);

        // The video section is exactly the one answered to the plain Chrome offer (same codecs and extension ids).
        Answer(SampleOffers.Chrome, out var plainAnswer);
        var plain = plainAnswer.ToString();
        Assert.Equal(plain[plain.IndexOf("m=video", StringComparison.Ordinal)..], text[text.IndexOf("m=video", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Ssrc_simulcast_publisher_that_also_receives_gets_only_the_servers_fid_group()
    {
        var track = new OutgoingTrack("1", "video", "peer-b", "cam-b", 0x11111111, 0x22222222);
        var negotiated = Answer(SampleOffers.ChromeSsrcSimulcast, out var answer, new AnswerOptions { Tracks = [track] });
        var text = answer.ToString();

        Assert.Equal(SdpDirection.SendRecv, negotiated.Media[1].Direction);
        Assert.Equal(3, negotiated.Media[1].Remote!.Encodings.Count);
        Assert.Contains("a=ssrc-group:FID 286331153 572662306\r\n", text);
        Assert.DoesNotContain("SIM", text);
        Assert.DoesNotContain("1593287342", text);
    }

    [Fact]
    public void Rid_simulcast_h_m_l_is_mirrored_in_simulcast_order_without_restrictions()
    {
        var negotiated = Answer(SampleOffers.ChromeRidSimulcastHml, out var answer, policy: SimulcastPolicy);
        var text = answer.ToString();

        // RFC 8853 section 5.3: recv rids in the offer's a=simulcast order; the max-width/height restrictions are the
        // sender's business and are not echoed.
        Assert.Contains("a=recvonly\r\n", text);
        Assert.Contains("a=rid:h recv\r\na=rid:m recv\r\na=rid:l recv\r\na=simulcast:recv h;m;l\r\n", text);
        Assert.DoesNotContain("max-width", text);
        var video = Assert.Single(negotiated.Media);
        Assert.Equal(["h", "m", "l"], video.Remote!.Rids);
        Assert.Empty(video.Remote.Encodings);
        Assert.Equal((10, 11), (video.ExtensionIds[SdpExtensionUris.RtpStreamId], video.ExtensionIds[SdpExtensionUris.RepairedRtpStreamId]));
    }

    [Theory]
    [InlineData(SdpDirection.SendOnly, false, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.SendRecv, false, SdpDirection.RecvOnly)]
    [InlineData(SdpDirection.SendRecv, true, SdpDirection.SendRecv)]
    [InlineData(SdpDirection.RecvOnly, true, SdpDirection.SendOnly)]
    [InlineData(SdpDirection.RecvOnly, false, SdpDirection.Inactive)]
    [InlineData(SdpDirection.Inactive, true, SdpDirection.Inactive)]
    [InlineData(SdpDirection.Inactive, false, SdpDirection.Inactive)]
    public void Answer_direction_follows_jsep(SdpDirection offered, bool serverHasTrack, SdpDirection expected)
    {
        var offer = SdpTestHelpers.Parse(SampleOffers.Chrome);
        offer.Media[1].Direction = offered;
        var track = new OutgoingTrack("1", "video", "peer-b", "cam-b", 0x11111111, 0x22222222);
        var options = new AnswerOptions { Tracks = serverHasTrack ? [track] : [] };

        Assert.True(SdpAnswerBuilder.TryBuildAnswer(offer, Local, CodecPolicy.Default, options, out var answer, out var negotiated, out var error), error);

        Assert.Equal(expected, answer!.Media[1].Direction);
        Assert.Equal(expected, negotiated!.Media[1].Direction);
        var sends = expected.Sends();
        Assert.Equal(sends, negotiated.Media[1].LocalTrack is not null);
        Assert.Equal(offered.Sends(), negotiated.Media[1].Remote is not null);
        var text = answer.ToString();
        Assert.Equal(sends, text.Contains("a=msid:peer-b cam-b\r\n"));
        Assert.Equal(sends, text.Contains("a=ssrc-group:FID 286331153 572662306\r\na=ssrc:286331153 cname:peer-b\r\na=ssrc:286331153 msid:peer-b cam-b\r\na=ssrc:572662306 cname:peer-b\r\na=ssrc:572662306 msid:peer-b cam-b\r\n"));
    }

    [Fact]
    public void Sending_track_moves_its_codec_first()
    {
        var h264 = new NegotiatedCodec("H264", 102, 90000, null, null, 103, []);
        var options = new AnswerOptions { Tracks = [new OutgoingTrack("1", "video", "s", "t", 1, 2, [h264]) { Cname = "cn" }] };

        var negotiated = Answer(SampleOffers.Chrome, out var answer, options);

        Assert.Contains("m=video 40000 UDP/TLS/RTP/SAVPF 106 107 96 97\r\n", answer.ToString());
        Assert.Contains("a=ssrc:1 cname:cn\r\n", answer.ToString());
        Assert.Equal(["H264", "VP8"], negotiated.Media[1].Codecs.Select(c => c.Name));
    }

    [Fact]
    public void Video_without_usable_codec_is_rejected()
    {
        var offer = SdpTestHelpers.Parse(SampleOffers.Chrome);
        var video = offer.Media[1];
        video.Formats.RemoveAll(f => f is not ("98" or "99"));

        Assert.True(SdpAnswerBuilder.TryBuildAnswer(offer, Local, CodecPolicy.Default, out var answer, out var negotiated, out var error), error);

        Assert.Equal(0, answer!.Media[1].Port);
        Assert.Equal(["98", "99"], answer.Media[1].Formats);
        Assert.True(negotiated!.Media[1].Rejected);
        Assert.Equal(["0"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void Policy_without_h264_answers_vp8_only()
    {
        var offer = SdpTestHelpers.Parse(SampleOffers.Chrome);
        var policy = new CodecPolicy { AllowH264 = false, AllowedFeedback = ["nack", "nack pli"] };

        Assert.True(SdpAnswerBuilder.TryBuildAnswer(offer, Local, policy, out _, out var negotiated, out var error), error);

        var vp8 = Assert.Single(negotiated!.Media[1].Codecs);
        Assert.Equal(["nack", "nack pli"], vp8.Feedback);
    }

    [Fact]
    public void H264_falls_back_from_preferred_profile_to_constrained_baseline()
    {
        var offer = SdpTestHelpers.Parse(SampleOffers.Chrome);
        offer.Media[1].Formats.RemoveAll(f => f is "96" or "97" or "106" or "107");

        Assert.True(SdpAnswerBuilder.TryBuildAnswer(offer, Local, CodecPolicy.Default, out _, out var negotiated, out var error), error);

        // 102 is 42001f (Baseline), preferred over Main (127) and High (112).
        var h264 = Assert.Single(negotiated!.Media[1].Codecs);
        Assert.Equal((102, (int?)103), (h264.PayloadType, h264.RtxPayloadType));
    }

    [Fact]
    public void Missing_rtcp_mux_is_an_error()
        => Assert.Contains("no a=rtcp-mux", AnswerError(ReplaceLines(SampleOffers.Chrome, "a=rtcp-mux", null)));

    [Fact]
    public void Missing_fingerprint_is_an_error()
        => Assert.Contains("no a=fingerprint", AnswerError(ReplaceLines(SampleOffers.Chrome, "a=fingerprint", null)));

    [Fact]
    public void Missing_ice_credentials_are_an_error()
        => Assert.Contains("no a=ice-ufrag/a=ice-pwd", AnswerError(ReplaceLines(SampleOffers.Chrome, "a=ice-pwd", null)));

    [Fact]
    public void Passive_offerer_is_an_error()
        => Assert.Contains("setup:passive", AnswerError(ReplaceLines(SampleOffers.Chrome, "a=setup", "a=setup:passive")));

    [Fact]
    public void Missing_mid_is_an_error()
        => Assert.Contains("m= line 0 has no a=mid", AnswerError(ReplaceLines(SampleOffers.Chrome, "a=mid:0", null)));

    [Fact]
    public void Duplicate_mid_is_an_error()
        => Assert.Contains("mid 0 is used by more than one", AnswerError(ReplaceLines(SampleOffers.Chrome, "a=mid:1", "a=mid:0")));

    [Fact]
    public void Several_media_without_bundle_is_an_error()
        => Assert.Contains("no a=group:BUNDLE", AnswerError(ReplaceLines(SampleOffers.Chrome, "a=group:BUNDLE", null)));

    [Fact]
    public void Single_media_without_bundle_is_answered_without_group()
    {
        var offer = SdpTestHelpers.Parse(ReplaceLines(SampleOffers.Chrome, "a=group:BUNDLE", null));
        offer.Media.RemoveAt(1);

        Assert.True(SdpAnswerBuilder.TryBuildAnswer(offer, Local, CodecPolicy.Default, out var answer, out var negotiated, out var error), error);

        Assert.Empty(answer!.Groups);
        Assert.Equal(["0"], negotiated!.BundleMids);
    }

    [Fact]
    public void Media_outside_the_bundle_group_is_rejected()
    {
        var negotiated = Answer(ReplaceLines(SampleOffers.Chrome, "a=group:BUNDLE", "a=group:BUNDLE 1"), out var answer);

        Assert.True(negotiated.Media[0].Rejected);
        Assert.Equal(["1"], answer.BundleGroup!.Mids);
        // The tag moved: candidates now sit on the video line.
        Assert.Equal(2, answer.Media[1].Candidates.Count);
    }

    [Fact]
    public void Local_parameters_and_tracks_are_checked()
    {
        var offer = SdpTestHelpers.Parse(SampleOffers.Chrome);
        Assert.False(SdpAnswerBuilder.TryBuildAnswer(offer, Local with { Fingerprint = "" }, CodecPolicy.Default, out _, out _, out var error));
        Assert.Contains("local DTLS fingerprint", error);

        Assert.Contains("names mid 7", AnswerError(SampleOffers.Chrome, new AnswerOptions { Tracks = [new OutgoingTrack("7", "video", "s", "t", 1, 0)] }));
        Assert.Contains("is audio but mid 1 is video", AnswerError(SampleOffers.Chrome, new AnswerOptions { Tracks = [new OutgoingTrack("1", "audio", "s", "t", 1, 0)] }));
        Assert.Contains("has no mid", AnswerError(SampleOffers.Chrome, new AnswerOptions { Tracks = [new OutgoingTrack(null, "audio", "s", "t", 1, 0)] }));
    }

    [Fact]
    public void Renegotiation_keeps_session_id_and_bumps_version()
    {
        var first = Answer(SampleOffers.Chrome, out _);
        var second = Answer(SampleOffers.Chrome, out var answer, new AnswerOptions { Previous = first });

        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal(2ul, second.SessionVersion);
        Assert.Equal(2ul, answer.Origin.SessionVersion);
    }
}
