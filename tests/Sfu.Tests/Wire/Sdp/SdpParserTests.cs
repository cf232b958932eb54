using Sfu.Wire.Sdp;
using static Sfu.Tests.Wire.Sdp.SdpTestHelpers;

namespace Sfu.Tests.Wire.Sdp;

public class SdpParserTests
{
    [Fact]
    public void Chrome_offer_session_fields()
    {
        var sdp = Parse(SampleOffers.Chrome);

        Assert.Equal(0, sdp.Version);
        Assert.Equal(new SdpOrigin("-", 4611731400430051336, 2, "IN", "IP4", "127.0.0.1"), sdp.Origin);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(new SdpTiming(0, 0), Assert.Single(sdp.Timings));
        Assert.Equal(["0", "1"], sdp.BundleGroup!.Mids);
        Assert.Equal("WMS", sdp.MsidSemantic!.Semantic);
        Assert.Equal(["8ca81811-66d2-4876-b2fd-f2022a96fb1a"], sdp.MsidSemantic.Identifiers);
        Assert.Equal(new SdpAttribute("extmap-allow-mixed", null), Assert.Single(sdp.OtherAttributes));
        Assert.False(sdp.IceLite);
        Assert.Equal(2, sdp.Media.Count);
    }

    [Fact]
    public void Chrome_offer_audio_section()
    {
        var audio = Parse(SampleOffers.Chrome).Media[0];

        Assert.Equal("audio", audio.Kind);
        Assert.Equal(9, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], audio.Formats);
        Assert.Equal(new SdpConnection("IN", "IP4", "0.0.0.0"), audio.Connection);
        Assert.Equal(new SdpRtcp(9, new SdpConnection("IN", "IP4", "0.0.0.0")), audio.Rtcp);
        Assert.Equal("Xq2v", audio.IceUfrag);
        Assert.Equal("Yh3jK9LmN2pQ4rS6tU8vW0xZ", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        var fingerprint = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.StartsWith("A5:4D:CA:18", fingerprint.Value);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);
        Assert.Equal(new SdpExtmap(1, null, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null), audio.Extmaps[0]);
        Assert.Equal(4, audio.Extmaps.Count);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), audio.RtpMaps[0]);
        Assert.Equal(new SdpRtpMap(9, "G722", 8000, null), audio.FindRtpMap(9));
        Assert.Equal(8, audio.RtpMaps.Count);
        var opusFmtp = audio.FindFmtp(111)!;
        Assert.Equal("minptime=10;useinbandfec=1", opusFmtp.Parameters);
        Assert.True(opusFmtp.TryGetParameter("useinbandfec", out var fec));
        Assert.Equal("1", fec);
        Assert.Equal([new("111/111", "")], audio.FindFmtp(63)!.Pairs);
        Assert.Equal(new SdpRtcpFeedback(111, "transport-cc", null), Assert.Single(audio.RtcpFeedbacks));
        Assert.Equal(new SdpMsid("8ca81811-66d2-4876-b2fd-f2022a96fb1a", "d1bc52d9-230d-477e-a225-71594720771f"), Assert.Single(audio.Msids));
        Assert.Equal(new SdpSsrc(1001234567, "cname", "tB3lQz1cXo9uVqK2"), audio.Ssrcs[0]);
        Assert.Equal(new SdpSsrc(1001234567, "msid", "8ca81811-66d2-4876-b2fd-f2022a96fb1a d1bc52d9-230d-477e-a225-71594720771f"), audio.Ssrcs[1]);
        Assert.Empty(audio.OtherAttributes);
    }

    [Fact]
    public void Chrome_offer_candidates_follow_rfc8839_grammar()
    {
        var candidates = Parse(SampleOffers.Chrome).Media[0].Candidates;

        Assert.Equal(3, candidates.Count);
        var host = candidates[0];
        Assert.Equal(("1467250027", 1, "udp", 2122260223u, "192.168.1.10", 46243, "host"),
            (host.Foundation, host.Component, host.Transport, host.Priority, host.Address, host.Port, host.Type));
        Assert.Null(host.RelatedAddress);
        Assert.Equal(0, host.Generation);
        Assert.True(host.TryGetExtension("network-id", out var networkId));
        Assert.Equal("1", networkId);

        var srflx = candidates[1];
        Assert.Equal("srflx", srflx.Type);
        Assert.Equal("192.168.1.10", srflx.RelatedAddress);
        Assert.Equal(46243, srflx.RelatedPort);
        Assert.Equal(3, srflx.Extensions.Count);

        var tcp = candidates[2];
        Assert.False(tcp.IsUdp);
        Assert.Equal("active", tcp.TcpType);
        Assert.Equal(9, tcp.Port);
    }

    [Fact]
    public void Chrome_offer_video_section()
    {
        var video = Parse(SampleOffers.Chrome).Media[1];

        Assert.Equal(25, video.Formats.Count);
        Assert.Equal(25, video.RtpMaps.Count);
        Assert.Equal(new SdpRtpMap(45, "AV1", 90000, null), video.FindRtpMap(45));
        Assert.Equal("apt=96", video.FindFmtp(97)!.Parameters);
        Assert.Equal("level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", video.FindFmtp(106)!.Parameters);
        Assert.Null(video.FindFmtp(118));
        var vp8Feedback = video.FeedbackFor(96);
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], vp8Feedback.ConvertAll(f => f.Value));
        Assert.Equal(new SdpRtcpFeedback(96, "ccm", "fir"), vp8Feedback[2]);
        Assert.Equal(11, video.Extmaps.Count);
        Assert.Equal(14, video.Extmaps[0].Id);
        Assert.Equal("urn:ietf:params:rtp-hdrext:toffset", video.Extmaps[0].Uri);
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal("FID", fid.Semantics);
        Assert.Equal([2231627014u, 632943048u], fid.Ssrcs);
        Assert.Equal(4, video.Ssrcs.Count);
        Assert.Empty(video.Candidates);
    }

    [Fact]
    public void Chrome_simulcast_offer_has_rids_and_simulcast()
    {
        var sdp = Parse(SampleOffers.ChromeSimulcast);
        var video = sdp.Media[1];

        Assert.Empty(sdp.MsidSemantic!.Identifiers);
        Assert.Equal(SdpDirection.SendOnly, sdp.Media[0].Direction);
        Assert.Equal([new SdpRid("q", SdpRidDirection.Send, null), new SdpRid("h", SdpRidDirection.Send, null), new SdpRid("f", SdpRidDirection.Send, null)], video.Rids);
        var simulcast = video.Simulcast!;
        Assert.Empty(simulcast.Receive);
        Assert.Equal(["q", "h", "f"], simulcast.Send.Select(s => Assert.Single(s.Alternatives).Id));
        Assert.Equal("send q;h;f", simulcast.ToString());
        Assert.Empty(video.Ssrcs);
    }

    [Fact]
    public void Chrome_ssrc_simulcast_offer_has_sim_and_fid_groups()
    {
        var video = Parse(SampleOffers.ChromeSsrcSimulcast).Media[1];

        // RFC 5576 section 4.2: SIM lists the layers (low to high, as Chrome munging writes them), FID pairs media with RTX.
        Assert.Equal(4, video.SsrcGroups.Count);
        Assert.Equal(new SdpSsrcGroup("SIM", [1593287342u, 2714356018u, 3820157744u]), video.SsrcGroups[0]);
        Assert.Equal([1593287342u, 2714356018u, 3820157744u], video.SsrcGroups[0].Ssrcs);
        Assert.Equal(
            [("FID", 1593287342u, 420736159u), ("FID", 2714356018u, 1067830525u), ("FID", 3820157744u, 2289564871u)],
            video.SsrcGroups.Skip(1).Select(g => (g.Semantics, g.Ssrcs[0], g.Ssrcs[1])));
        Assert.All(video.SsrcGroups.Skip(1), g => Assert.Equal(2, g.Ssrcs.Count));

        Assert.Equal(12, video.Ssrcs.Count);
        Assert.Equal([1593287342u, 2714356018u, 3820157744u, 420736159u, 1067830525u, 2289564871u], video.Ssrcs.Select(s => s.Ssrc).Distinct());
        Assert.All(video.Ssrcs.Where(s => s.Attribute == "cname"), s => Assert.Equal("Hq8rT3wY6zC1vB4n", s.Value));
        Assert.All(
            video.Ssrcs.Where(s => s.Attribute == "msid"),
            s => Assert.Equal("2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d", s.Value));
        Assert.Equal(new SdpMsid("2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21", "a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d"), Assert.Single(video.Msids));
        Assert.Empty(video.Rids);
        Assert.Null(video.Simulcast);
        Assert.Equal(new SdpAttribute("x-google-flag", "conference"), Assert.Single(video.OtherAttributes));
    }

    [Fact]
    public void Ssrc_simulcast_groups_are_written_back_in_order_before_the_ssrc_lines()
    {
        var lines = Lines(Parse(SampleOffers.ChromeSsrcSimulcast).ToString());

        var sim = Array.IndexOf(lines, "a=ssrc-group:SIM 1593287342 2714356018 3820157744");
        Assert.True(sim > 0);
        Assert.Equal(
            ["a=ssrc-group:FID 1593287342 420736159", "a=ssrc-group:FID 2714356018 1067830525", "a=ssrc-group:FID 3820157744 2289564871",
                "a=ssrc:1593287342 cname:Hq8rT3wY6zC1vB4n"],
            lines[(sim + 1)..(sim + 5)]);
    }

    [Fact]
    public void Rid_simulcast_h_m_l_keeps_restrictions_and_simulcast_order()
    {
        var video = Parse(SampleOffers.ChromeRidSimulcastHml).Media[0];

        Assert.Equal(
            [new SdpRid("l", SdpRidDirection.Send, "max-width=320;max-height=180"), new SdpRid("m", SdpRidDirection.Send, "max-width=640;max-height=360"),
                new SdpRid("h", SdpRidDirection.Send, "max-width=1280;max-height=720")],
            video.Rids);
        Assert.Equal("send h;m;l", video.Simulcast!.ToString());
        Assert.Equal(["h", "m", "l"], video.Simulcast.Send.Select(s => Assert.Single(s.Alternatives).Id));
        Assert.Empty(video.SsrcGroups);
        Assert.Empty(video.Ssrcs);
        Assert.Equal(new SdpMsid("-", "0d6f3c2b-1a4e-4b5d-8c7f-9e0a1b2c3d4e"), Assert.Single(video.Msids));
    }

    [Fact]
    public void Firefox_offer_fields()
    {
        var sdp = Parse(SampleOffers.Firefox);

        Assert.Equal("mozilla...THIS_IS_SDPARTA-99.0", sdp.Origin.Username);
        Assert.Equal(5277574588349436014ul, sdp.Origin.SessionId);
        Assert.Equal(0ul, sdp.Origin.SessionVersion);
        Assert.StartsWith("27:A0", Assert.Single(sdp.Fingerprints).Value);
        Assert.Equal(["trickle"], sdp.IceOptions);
        Assert.Equal(new SdpMsidSemantic("WMS", ["*"]), sdp.MsidSemantic);
        Assert.Equal(["0", "1", "2"], sdp.BundleGroup!.Mids);

        var audio = sdp.Media[0];
        Assert.Empty(audio.Fingerprints);
        Assert.Equal("4a5b6c7d", audio.IceUfrag);
        Assert.True(audio.EndOfCandidates);
        Assert.Equal("3e3f4d6c-5b2a-4f0e-9a1d-2c7b8e9f0a1b.local", audio.Candidates[0].Address);
        Assert.Equal("UDP", audio.Candidates[0].Transport);
        Assert.Equal(("0.0.0.0", (int?)0), (audio.Candidates[1].RelatedAddress, audio.Candidates[1].RelatedPort));
        Assert.Equal(new SdpExtmap(2, SdpDirection.RecvOnly, "urn:ietf:params:rtp-hdrext:csrc-audio-level", null), audio.Extmaps[1]);
        Assert.Equal(new SdpRtpMap(9, "G722", 8000, 1), audio.FindRtpMap(9));
        Assert.Equal("{9c8b7a6f-5e4d-4c3b-2a19-0f8e7d6c5b4a}", audio.Msids[0].TrackId);

        var video = sdp.Media[1];
        Assert.Equal(20, video.RtcpFeedbacks.Count);
        Assert.Equal([2697541306u, 1850130128u], Assert.Single(video.SsrcGroups).Ssrcs);

        var data = sdp.Media[2];
        Assert.Equal("application", data.Kind);
        Assert.Equal("UDP/DTLS/SCTP", data.Protocol);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal([new SdpAttribute("sctp-port", "5000"), new SdpAttribute("max-message-size", "1073741823")], data.OtherAttributes);
        Assert.True(data.TryGetAttribute("sctp-port", out var port));
        Assert.Equal("5000", port);
    }

    [Theory]
    [InlineData(nameof(SampleOffers.Chrome))]
    [InlineData(nameof(SampleOffers.ChromeSimulcast))]
    [InlineData(nameof(SampleOffers.ChromeSsrcSimulcast))]
    [InlineData(nameof(SampleOffers.ChromeRidSimulcastHml))]
    [InlineData(nameof(SampleOffers.Firefox))]
    public void Round_trip_keeps_every_line(string name)
    {
        var original = Sample(name);
        var written = Parse(original).ToString();

        Assert.EndsWith("\r\n", written);
        Assert.DoesNotContain("\n\n", written.Replace("\r\n", "\n"));
        // The writer only normalizes Chrome's "a=msid-semantic: WMS" spacing; every other line comes back verbatim.
        var expected = SortedLines(original.Replace("a=msid-semantic: ", "a=msid-semantic:"));
        Assert.Equal(expected, SortedLines(written));

        var reparsed = Parse(written);
        Assert.Equal(written, reparsed.ToString());
    }

    [Theory]
    [InlineData(nameof(SampleOffers.Chrome))]
    [InlineData(nameof(SampleOffers.ChromeSsrcSimulcast))]
    [InlineData(nameof(SampleOffers.Firefox))]
    public void Crlf_and_lf_parse_the_same(string name)
    {
        var lf = Parse(Sample(name)).ToString();
        var crlf = Parse(SampleOffers.WithCrLf(Sample(name))).ToString();

        Assert.Equal(lf, crlf);
    }

    [Fact]
    public void Writer_puts_lines_in_canonical_order()
    {
        var lines = Lines(Parse(SampleOffers.Firefox).ToString());

        Assert.Equal(["v=0", "o=mozilla...THIS_IS_SDPARTA-99.0 5277574588349436014 0 IN IP4 0.0.0.0", "s=-", "t=0 0", "a=group:BUNDLE 0 1 2", "a=ice-options:trickle"], lines[..6]);
        Assert.StartsWith("a=fingerprint:sha-256 ", lines[6]);
        Assert.Equal("a=msid-semantic:WMS *", lines[7]);
        Assert.Equal("m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101", lines[8]);
        Assert.Equal("c=IN IP4 0.0.0.0", lines[9]);
        Assert.Equal(["a=ice-ufrag:4a5b6c7d", "a=ice-pwd:9f8e7d6c5b4a39281706f5e4d3c2b1a0", "a=setup:actpass", "a=mid:0"], lines[10..14]);
        // rtpmap, rtcp-fb and fmtp grouped per payload type in m= line order.
        var video = Array.IndexOf(lines, "m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98");
        var vp8 = Array.IndexOf(lines, "a=rtpmap:120 VP8/90000");
        Assert.True(vp8 > video);
        Assert.Equal(["a=rtcp-fb:120 nack", "a=rtcp-fb:120 nack pli", "a=rtcp-fb:120 ccm fir", "a=rtcp-fb:120 goog-remb", "a=rtcp-fb:120 transport-cc",
            "a=fmtp:120 max-fs=12288;max-fr=60", "a=rtpmap:124 rtx/90000", "a=fmtp:124 apt=120"], lines[(vp8 + 1)..(vp8 + 9)]);
        Assert.Equal("a=ssrc-group:FID 2697541306 1850130128", lines[Array.IndexOf(lines, "a=ssrc:2697541306 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}") - 1]);
        Assert.Equal(["a=sctp-port:5000", "a=max-message-size:1073741823"], lines[^2..]);
    }

    [Fact]
    public void Built_model_writes_crlf_and_default_timing()
    {
        var sdp = new SessionDescription { IceLite = true };
        var media = new MediaDescription("audio", 9, "UDP/TLS/RTP/SAVPF", ["111"]) { Mid = "a", Direction = SdpDirection.RecvOnly };
        media.RtpMaps.Add(new SdpRtpMap(111, "opus", 48000, 2));
        sdp.Media.Add(media);

        Assert.Equal(
            "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-lite\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\na=recvonly\r\na=rtpmap:111 opus/48000/2\r\n",
            sdp.ToString());
    }

    [Fact]
    public void Records_with_lists_compare_by_value()
    {
        var video = Parse(SampleOffers.Chrome).Media[1];

        Assert.Equal(new SdpGroup("BUNDLE", ["0", "1"]), Parse(SampleOffers.Chrome).BundleGroup);
        Assert.Equal(new SdpSsrcGroup("FID", [2231627014u, 632943048u]), video.SsrcGroups[0]);
        Assert.NotEqual(new SdpSsrcGroup("FID", [2231627014u, 1u]), video.SsrcGroups[0]);
        Assert.Equal(new SdpFmtp(97, "apt=96"), video.FindFmtp(97));
        Assert.True(SdpCandidate.TryParse("candidate:1 1 udp 5 1.2.3.4 9 typ host generation 0", out var a, out _));
        Assert.True(SdpCandidate.TryParse("a=candidate:1 1 udp 5 1.2.3.4 9 typ host generation 0", out var b, out _));
        Assert.Equal(a, b);
        Assert.Equal(a!.GetHashCode(), b!.GetHashCode());
        Assert.Equal(new SdpSimulcast([new([new("q", false)])], []), new SdpSimulcast([new([new("q", false)])], []));
    }

    [Fact]
    public void Simulcast_with_alternatives_paused_and_both_directions()
    {
        var sdp = Parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=video 9 UDP/TLS/RTP/SAVPF 96\na=simulcast:recv 1,~2;3 send 4\n");
        var simulcast = sdp.Media[0].Simulcast!;

        Assert.Equal(2, simulcast.Receive.Count);
        Assert.Equal([new SdpSimulcastRid("1", false), new SdpSimulcastRid("2", true)], simulcast.Receive[0].Alternatives);
        Assert.Equal("4", Assert.Single(Assert.Single(simulcast.Send).Alternatives).Id);
        Assert.Equal("send 4 recv 1,~2;3", simulcast.ToString());
    }

    [Fact]
    public void Old_firefox_simulcast_rid_prefix_is_accepted()
    {
        var sdp = Parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=video 9 UDP/TLS/RTP/SAVPF 96\na=simulcast: send rid=a;b\n");

        Assert.Equal(["a", "b"], sdp.Media[0].Simulcast!.Send.Select(s => s.Alternatives[0].Id));
    }

    [Fact]
    public void Rid_parameters_and_wildcard_feedback()
    {
        var sdp = Parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=video 9 UDP/TLS/RTP/SAVPF 96\na=rid:hi send pt=96;max-width=1280\na=rtcp-fb:* nack\na=rtcp-fb:96 trr-int 100\n");
        var media = sdp.Media[0];

        Assert.Equal(new SdpRid("hi", SdpRidDirection.Send, "pt=96;max-width=1280"), Assert.Single(media.Rids));
        Assert.Equal(new SdpRtcpFeedback(null, "nack", null), media.RtcpFeedbacks[0]);
        Assert.Equal("100", media.RtcpFeedbacks[1].Subtype);
        Assert.Equal(2, media.FeedbackFor(96).Count);
        Assert.Contains("a=rtcp-fb:* nack\r\n", sdp.ToString());
    }

    [Fact]
    public void Bundle_only_zero_port_is_not_rejected()
    {
        var sdp = Parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=video 0 UDP/TLS/RTP/SAVPF 96\na=bundle-only\nm=audio 0 UDP/TLS/RTP/SAVPF 111\n");

        Assert.False(sdp.Media[0].IsRejected);
        Assert.True(sdp.Media[1].IsRejected);
    }

    [Fact]
    public void Session_level_lines_round_trip()
    {
        const string text = "v=0\r\no=alice 10 20 IN IP6 ::1\r\ns=talk\r\ni=info\r\nu=http://x\r\ne=a@b\r\np=+1\r\nc=IN IP4 0.0.0.0\r\nb=AS:100\r\nt=1 2\r\nr=7d 1h 0 25h\r\nt=3 4\r\nz=2882844526 -1h\r\nk=prompt\r\na=ice-lite\r\na=sendonly\r\nm=audio 5000/2 RTP/SAVPF 0\r\ni=media info\r\nb=TIAS:64000\r\nk=clear:x\r\n";

        var sdp = Parse(text);

        Assert.Equal(text, sdp.ToString());
        Assert.Equal(2, sdp.Media[0].PortCount);
        Assert.Equal(SdpDirection.SendOnly, sdp.EffectiveDirection(sdp.Media[0]));
        Assert.Equal(["7d 1h 0 25h"], sdp.Timings[0].RepeatTimes);
    }

    [Theory]
    [InlineData("", "empty SDP")]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\n", "line 1: SDP must start with v=")]
    [InlineData("v=1\n", "line 1: only v=0")]
    [InlineData("v=0\ns=-\n", "line 2: o= must follow v=")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\nt=0 0\ns=-\n", "line 3: s= must follow o=")]
    [InlineData("v=0\no=- 1 1 IN IP4\ns=-\n", "line 2: o= needs 6 fields")]
    [InlineData("v=0\no=- x 1 IN IP4 0.0.0.0\ns=-\n", "line 2: o= session id")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\n", "missing s=")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nx=1\n", "line 4: unknown line type x=")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nhello\n", "line 4: not a <type>=<value> line")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio\n", "line 4: m= needs media, port and protocol")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 70000 RTP/AVP 0\n", "m= port")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\nt=0 0\n", "line 5: t= is not allowed in an m= section")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=rtpmap:128 x/1\n", "payload type must be 0-127")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=rtpmap:0 PCMU\n", "a=rtpmap needs")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=rtpmap:0 PCMU/8000\n", "line 6: duplicate a=rtpmap")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=fmtp:0\n", "a=fmtp needs parameters")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=mid:0\na=mid:1\n", "duplicate a=mid")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=sendonly\na=recvonly\n", "more than one direction")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=rtcp-mux:1\n", "a=rtcp-mux takes no value")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=extmap:0 urn:x\n", "a=extmap id must be 1-255")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=extmap:1/sideways urn:x\n", "a=extmap direction")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=ssrc:4294967296 cname:x\n", "a=ssrc id")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=ssrc-group:FID 1 x\n", "a=ssrc-group ids")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=rid:q sideways\n", "a=rid direction")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=simulcast:send q;;f\n", "a=simulcast rid list")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=setup:maybe\n", "a=setup must be")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\na=fingerprint:sha-256 XYZ\n", "a=fingerprint value")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=candidate:1 1 udp 1 1.2.3.4 5 host\n", "candidate needs at least 8 fields")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=candidate:1 0 udp 1 1.2.3.4 5 typ host\n", "component id")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=candidate:1 1 udp 1 1.2.3.4 5 type host\n", "lacks 'typ'")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=candidate:1 1 udp 1 1.2.3.4 5 typ host generation\n", "extension without a value")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nm=audio 9 RTP/AVP 0\na=candidate:f_o 1 udp 1 1.2.3.4 5 typ host\n", "foundation")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\na=\n", "attribute without a name")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\ns=again\n", "duplicate s=")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nr=1d 1h 0\n", "r= before any t=")]
    [InlineData("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=a\u0000b\n", "control character")]
    public void Bad_input_gives_an_error_not_an_exception(string text, string expectedError)
    {
        Assert.False(SessionDescription.TryParse(text, out var sdp, out var error));
        Assert.Null(sdp);
        Assert.Contains(expectedError, error);
    }

    [Fact]
    public void Null_and_oversized_input_are_refused()
    {
        Assert.False(SessionDescription.TryParse(null, out _, out var error));
        Assert.Equal("empty SDP", error);
        Assert.False(SessionDescription.TryParse(new string('a', SessionDescription.MaxTextLength + 1), out _, out error));
        Assert.Contains("longer than", error);
    }

    [Theory]
    [InlineData("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host", "10.0.0.1", 5000)]
    [InlineData("a=candidate:1 1 UDP 2130706431 ::1 5000 typ host", "::1", 5000)]
    [InlineData("1 1 udp 2130706431 host.local 1 typ host", "host.local", 1)]
    public void Trickled_candidate_strings_parse(string text, string address, int port)
    {
        Assert.True(SdpCandidate.TryParse(text, out var candidate, out var error), error);
        Assert.Equal((address, port), (candidate!.Address, candidate.Port));
    }

    [Fact]
    public void Host_candidate_priority_follows_rfc8445()
    {
        var candidate = SdpCandidate.Host("1", "192.0.2.1", 40000, 65535);

        // (2^24)*126 + (2^8)*65535 + (256 - 1)
        Assert.Equal(2130706431u, candidate.Priority);
        Assert.Equal("1 1 udp 2130706431 192.0.2.1 40000 typ host", candidate.ToString());
    }

    private static string Sample(string name) => name switch
    {
        nameof(SampleOffers.Chrome) => SampleOffers.Chrome,
        nameof(SampleOffers.ChromeSimulcast) => SampleOffers.ChromeSimulcast,
        nameof(SampleOffers.ChromeSsrcSimulcast) => SampleOffers.ChromeSsrcSimulcast,
        nameof(SampleOffers.ChromeRidSimulcastHml) => SampleOffers.ChromeRidSimulcastHml,
        _ => SampleOffers.Firefox,
    };
}
