using Sfu.Wire.Sdp;
using Sfu.Negotiation;
using static Sfu.Tests.Negotiation.NegotiationFixtures;

using Sfu.Tests.Wire.Sdp;
namespace Sfu.Tests.Negotiation;

public class SdpOfferBuilderTests
{
    private static readonly OutgoingTrack PeerAudio = new(null, "audio", "peer-b", "mic-b", 0x0A0A0A0A, 0);
    private static readonly OutgoingTrack PeerVideo = new(null, "video", "peer-b", "cam-b", 0x0B0B0B0B, 0x0C0C0C0C);

    [Fact]
    public void Offer_after_answer_keeps_mids_and_order_and_appends_new_lines()
    {
        var current = Answer(SampleOffers.Chrome, out _);

        var pending = Offer(current, [PeerAudio, PeerVideo]);
        var offer = pending.Offer;

        Assert.Equal(["0", "1", "2", "3"], offer.Media.Select(m => m.Mid));
        Assert.Equal(["audio", "video", "audio", "video"], offer.Media.Select(m => m.Kind));
        Assert.Equal([SdpDirection.RecvOnly, SdpDirection.RecvOnly, SdpDirection.SendOnly, SdpDirection.SendOnly], offer.Media.Select(m => m.Direction!.Value));
        Assert.Equal(["0", "1", "2", "3"], offer.BundleGroup!.Mids);
        Assert.True(offer.IceLite);
        Assert.Equal(current.SessionId, offer.Origin.SessionId);
        Assert.Equal(current.SessionVersion + 1, offer.Origin.SessionVersion);
        Assert.All(offer.Media, m =>
        {
            Assert.Equal(SdpSetupRole.ActPass, m.Setup);
            Assert.Equal(("srvU", "srvPwd0123456789012345ab"), (m.IceUfrag, m.IcePwd));
            Assert.Equal(ServerFingerprint, Assert.Single(m.Fingerprints).Value);
            Assert.True(m.RtcpMux);
        });
        Assert.Equal(2, offer.Media[0].Candidates.Count);
        Assert.True(offer.Media[0].EndOfCandidates);
        Assert.All(offer.Media.Skip(1), m => Assert.Empty(m.Candidates));

        // Existing lines keep what was agreed.
        Assert.Equal(["111"], offer.Media[0].Formats);
        Assert.Equal(["96", "97", "106", "107"], offer.Media[1].Formats);
        // New lines reuse the session's payload types and extension ids for the same codecs (RFC 8843 section 9).
        Assert.Equal(["111"], offer.Media[2].Formats);
        Assert.Equal(["96", "97", "106", "107"], offer.Media[3].Formats);
        Assert.Equal([1, 4, 2, 3], offer.Media[2].Extmaps.Select(e => e.Id));
        Assert.Equal([4, 2, 3], offer.Media[3].Extmaps.Select(e => e.Id));
        Assert.Equal(SdpExtensionUris.Mid, offer.Media[3].Extmaps[0].Uri);

        // Server tracks are announced with msid and SSRCs.
        Assert.Equal(new SdpMsid("peer-b", "cam-b"), Assert.Single(offer.Media[3].Msids));
        Assert.Equal([0x0B0B0B0Bu, 0x0C0C0C0Cu], Assert.Single(offer.Media[3].SsrcGroups).Ssrcs);
        Assert.Equal(new SdpSsrc(0x0A0A0A0A, "cname", "peer-b"), offer.Media[2].Ssrcs[0]);
        Assert.Empty(offer.Media[2].SsrcGroups);
        Assert.Equal("2", pending.MidByTrackId["mic-b"]);
        Assert.Equal("3", pending.MidByTrackId["cam-b"]);

        // The text parses back to the same description.
        Assert.Equal(offer.ToString(), SdpTestHelpers.Parse(offer.ToString()).ToString());
    }

    [Fact]
    public void Browser_answer_is_applied()
    {
        var current = Answer(SampleOffers.Chrome, out _);
        var pending = Offer(current, [PeerAudio, PeerVideo]);
        var answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());

        Assert.True(pending.TryApplyAnswer(answer, out var error), error);

        var negotiated = pending.Negotiated!;
        Assert.Equal(("brU1", "browserPwd0123456789012", BrowserFingerprint), (negotiated.RemoteIceUfrag, negotiated.RemoteIcePwd, negotiated.RemoteFingerprint.Value));
        Assert.Equal(current.SessionId, negotiated.SessionId);
        Assert.Equal(2ul, negotiated.SessionVersion);
        Assert.Equal(["0", "1", "2", "3"], negotiated.BundleMids);
        Assert.Equal([SdpDirection.RecvOnly, SdpDirection.RecvOnly, SdpDirection.SendOnly, SdpDirection.SendOnly], negotiated.Media.Select(m => m.Direction));
        var video = negotiated.Media[3];
        Assert.True(video.ServerSends);
        Assert.Equal("cam-b", video.LocalTrack!.TrackId);
        Assert.Equal("3", video.LocalTrack.Mid);
        Assert.Null(video.Remote);
        Assert.Equal(["VP8", "H264"], video.Codecs.Select(c => c.Name));
        Assert.Equal((int?)97, video.Codecs[0].RtxPayloadType);
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], video.Codecs[0].Feedback);
        // The browser's own lines: it keeps sending and now signals new SSRCs in this answer.
        var browserVideo = negotiated.Media[1];
        Assert.Equal(new RemoteEncoding(5002, 5003), Assert.Single(browserVideo.Remote!.Encodings));
        Assert.Equal("browser-track-1", browserVideo.Remote.TrackId);
    }

    [Fact]
    public void Removed_track_leaves_an_inactive_line_that_a_new_track_reuses()
    {
        var current = Apply(Offer(Answer(SampleOffers.Chrome, out _), [PeerAudio, PeerVideo]));

        // cam-b goes away: mid 3 stays, inactive, without msid or SSRCs.
        var removal = Offer(current, [PeerAudio]);
        Assert.Equal(4, removal.Offer.Media.Count);
        var line = removal.Offer.Media[3];
        Assert.Equal(("3", SdpDirection.Inactive, 40000), (line.Mid, line.Direction!.Value, line.Port));
        Assert.Empty(line.Msids);
        Assert.Empty(line.Ssrcs);
        Assert.Equal(["0", "1", "2", "3"], removal.Offer.BundleGroup!.Mids);
        current = Apply(removal);
        Assert.Null(current.Media[3].LocalTrack);
        Assert.Equal(SdpDirection.Inactive, current.Media[3].Direction);
        Assert.Equal(3ul, current.SessionVersion);

        // A new video track of another participant takes mid 3 again; no m= line is added.
        var screen = new OutgoingTrack(null, "video", "peer-c", "screen-c", 0x0D0D0D0D, 0x0E0E0E0E);
        var reuse = Offer(current, [PeerAudio, screen]);
        Assert.Equal(4, reuse.Offer.Media.Count);
        Assert.Equal("3", reuse.MidByTrackId["screen-c"]);
        Assert.Equal(SdpDirection.SendOnly, reuse.Offer.Media[3].Direction);
        Assert.Equal(new SdpMsid("peer-c", "screen-c"), Assert.Single(reuse.Offer.Media[3].Msids));
        Assert.Equal(["96", "97", "106", "107"], reuse.Offer.Media[3].Formats);
        current = Apply(reuse);
        Assert.Equal("screen-c", current.FindMedia("3")!.LocalTrack!.TrackId);
    }

    [Fact]
    public void Track_already_on_a_line_stays_there()
    {
        var current = Apply(Offer(Answer(SampleOffers.Chrome, out _), [PeerAudio, PeerVideo]));

        var again = Offer(current, [PeerVideo, PeerAudio]);

        Assert.Equal(4, again.Offer.Media.Count);
        Assert.Equal(("2", "3"), (again.MidByTrackId["mic-b"], again.MidByTrackId["cam-b"]));
    }

    [Fact]
    public void Rejected_lines_stay_rejected_and_out_of_the_bundle()
    {
        var current = Answer(SampleOffers.Firefox, out _);

        var pending = Offer(current, [PeerVideo]);

        var data = pending.Offer.Media[2];
        Assert.Equal(("application", 0, "2"), (data.Kind, data.Port, data.Mid));
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal(["0", "1", "3"], pending.Offer.BundleGroup!.Mids);
        Assert.Equal("3", pending.MidByTrackId["cam-b"]);
        // Firefox's payload types for VP8 (120/124) and H264 (126/127) are reused on the new line.
        Assert.Equal(["120", "124", "126", "127"], pending.Offer.Media[3].Formats);

        Assert.True(pending.TryApplyAnswer(BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse()), out var error), error);
        Assert.True(pending.Negotiated!.Media[2].Rejected);
    }

    [Fact]
    public void First_offer_without_state_and_receive_slots()
    {
        Assert.True(SdpOfferBuilder.TryBuildOffer(null, Local, CodecPolicy.Default, [PeerAudio], out var pending, out var error, receiveKinds: ["video"]), error);
        var offer = pending!.Offer;

        Assert.Equal(["0", "1"], offer.Media.Select(m => m.Mid));
        Assert.Equal([SdpDirection.SendOnly, SdpDirection.RecvOnly], offer.Media.Select(m => m.Direction!.Value));
        Assert.Equal(["111"], offer.Media[0].Formats);
        Assert.Equal("a=fmtp:111 minptime=10;useinbandfec=1", SdpTestHelpers.Lines(offer.ToString()).Single(l => l.StartsWith("a=fmtp:111")));
        Assert.Equal(["96", "97", "102", "103"], offer.Media[1].Formats);
        // The receive slot lets the browser send simulcast layers, so the rid extensions are offered.
        Assert.Equal([4, 2, 3, 10, 11], offer.Media[1].Extmaps.Select(e => e.Id));
        Assert.Equal(1ul, offer.Origin.SessionVersion);

        // The browser attaches a camera to the offered slot and answers sendonly: it now publishes there.
        var answer = BrowserAnswer(offer, m => m.Direction == SdpDirection.RecvOnly ? SdpDirection.SendOnly : SdpDirection.RecvOnly);
        Assert.True(pending.TryApplyAnswer(answer, out var negotiated, out error), error);
        var slot = negotiated!.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, slot.Direction);
        Assert.Equal(new RemoteEncoding(5000, 5001), Assert.Single(slot.Remote!.Encodings));
        Assert.Equal(["0", "1"], negotiated.BundleMids);
    }

    [Fact]
    public void Browser_may_decline_a_receive_slot()
    {
        Assert.True(SdpOfferBuilder.TryBuildOffer(null, Local, CodecPolicy.Default, [], out var pending, out var error, receiveKinds: ["audio"]), error);

        Assert.True(pending!.TryApplyAnswer(BrowserAnswer(pending.Offer, _ => SdpDirection.Inactive), out error), error);

        Assert.Equal(SdpDirection.Inactive, pending.Negotiated!.Media[0].Direction);
        Assert.Null(pending.Negotiated.Media[0].Remote);
    }

    [Fact]
    public void Answer_with_wrong_mids_or_count_is_refused()
    {
        var pending = Offer(Answer(SampleOffers.Chrome, out _), [PeerVideo]);

        var answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        answer.Media[2].Mid = "9";
        Assert.False(pending.TryApplyAnswer(answer, out var error));
        Assert.Contains("answer mid 9 does not match offered mid 2", error);
        Assert.Null(pending.Negotiated);

        answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        answer.Media.RemoveAt(2);
        Assert.False(pending.TryApplyAnswer(answer, out error));
        Assert.Contains("answer has 2 m= lines, the offer had 3", error);
    }

    [Fact]
    public void Answer_must_respect_offered_directions_payload_types_and_roles()
    {
        var pending = Offer(Answer(SampleOffers.Chrome, out _), [PeerVideo]);

        // The browser cannot send on a line we offered sendonly.
        var answer = BrowserAnswer(pending.Offer, m => m.Direction == SdpDirection.SendOnly ? SdpDirection.SendRecv : SdpDirection.SendOnly);
        Assert.False(pending.TryApplyAnswer(answer, out var error));
        Assert.Contains("answer for mid 2 is sendrecv but the offer was sendonly", error);

        answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        answer.Media[2].Formats.Insert(0, "45");
        Assert.False(pending.TryApplyAnswer(answer, out error));
        Assert.Contains("payload type 45, which was not offered", error);

        answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        foreach (var media in answer.Media)
        {
            media.Setup = SdpSetupRole.Passive;
        }

        Assert.False(pending.TryApplyAnswer(answer, out error));
        Assert.Contains("must be active", error);

        answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        answer.Media[1].RtcpMux = false;
        Assert.False(pending.TryApplyAnswer(answer, out error));
        Assert.Contains("lacks a=rtcp-mux", error);

        answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        answer.Groups.Clear();
        Assert.False(pending.TryApplyAnswer(answer, out error));
        Assert.Contains("does not BUNDLE", error);
    }

    [Fact]
    public void Answer_may_choose_a_subset_of_codecs_and_drop_rtx()
    {
        var pending = Offer(Answer(SampleOffers.Chrome, out _), [PeerVideo]);
        var answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        answer.Media[2].Formats.RemoveAll(f => f is not "106");
        answer.Media[2].RtcpFeedbacks.RemoveAll(f => f.Type == "goog-remb");

        Assert.True(pending.TryApplyAnswer(answer, out var error), error);

        var codec = Assert.Single(pending.Negotiated!.Media[2].Codecs);
        Assert.Equal(("H264", 106, (int?)null), (codec.Name, codec.PayloadType, codec.RtxPayloadType));
        Assert.Equal(["transport-cc", "ccm fir", "nack", "nack pli"], codec.Feedback);
    }

    [Fact]
    public void Bad_track_lists_are_refused()
    {
        var current = Answer(SampleOffers.Chrome, out _);

        Assert.Contains("listed twice", OfferError(current, [PeerVideo, PeerVideo with { Ssrc = 7 }]));
        Assert.Contains("names mid 9", OfferError(current, [PeerVideo with { Mid = "9" }]));
        Assert.Contains("is video but mid 0 is audio", OfferError(current, [PeerVideo with { Mid = "0" }]));
        Assert.Contains("only audio and video", OfferError(current, [PeerVideo with { Kind = "application" }]));
        Assert.Contains("more than one track for mid 1", OfferError(current, [PeerVideo with { Mid = "1" }, PeerVideo with { Mid = "1", TrackId = "x" }]));
        Assert.Contains("local ICE", OfferError(current, [], Local with { IceUfrag = "" }));
    }

    [Fact]
    public void Track_given_a_mid_is_sent_on_the_browsers_line()
    {
        var current = Answer(SampleOffers.Chrome, out _);

        var pending = Offer(current, [PeerVideo with { Mid = "1" }]);

        Assert.Equal(2, pending.Offer.Media.Count);
        Assert.Equal(SdpDirection.SendRecv, pending.Offer.Media[1].Direction);
        Assert.Equal("1", pending.MidByTrackId["cam-b"]);
    }

    [Fact]
    public void Forwarded_codec_keeps_its_payload_type_when_free()
    {
        var current = Answer(SampleOffers.Firefox, out _);
        var forwarded = new NegotiatedCodec("H264", 102, 90000, null, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", 103, ["nack", "nack pli", "bogus"]);

        var pending = Offer(current, [PeerVideo with { Codecs = [forwarded] }]);

        // Firefox already uses 126 for this exact H264 configuration, so that number is reused.
        Assert.Equal(["126", "127"], pending.Offer.Media[3].Formats);
        Assert.Equal(["nack", "nack pli"], pending.Offer.Media[3].RtcpFeedbacks.Select(f => f.Value));
    }

    [Fact]
    public void Reoffer_keeps_receiving_simulcast_and_the_answer_updates_rids()
    {
        var current = Answer(SampleOffers.ChromeSimulcast, out _, policy: SimulcastPolicy);

        var pending = Offer(current, [PeerAudio], SimulcastPolicy);
        var video = pending.Offer.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal(["q", "h", "f"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(SdpRidDirection.Recv, r.Direction));
        Assert.Equal("recv q;h;f", video.Simulcast!.ToString());

        var answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        answer.Media[1].SsrcGroups.Clear();
        answer.Media[1].Ssrcs.Clear();
        answer.Media[1].Rids.AddRange([new SdpRid("q", SdpRidDirection.Send, null), new SdpRid("h", SdpRidDirection.Send, null)]);
        answer.Media[1].Simulcast = new SdpSimulcast([new([new("h", false)]), new([new("q", false)])], []);
        Assert.True(pending.TryApplyAnswer(answer, out var error), error);

        var remote = pending.Negotiated!.Media[1].Remote!;
        Assert.Equal(["h", "q"], remote.Rids);
        Assert.Empty(remote.Encodings);
    }

    [Fact]
    public void Reoffer_after_declined_simulcast_does_not_ask_for_it_and_an_answer_cannot_add_it()
    {
        var noSimulcast = new CodecPolicy { AcceptSimulcast = false };
        var current = Answer(SampleOffers.ChromeSimulcast, out _, policy: noSimulcast);

        var pending = Offer(current, [PeerAudio], noSimulcast);
        var video = pending.Offer.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Empty(video.Rids);
        Assert.Null(video.Simulcast);

        // An answer may not bring in simulcast the offer did not ask for (RFC 8853 section 5.3); its rids are not agreed.
        var answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        answer.Media[1].SsrcGroups.Clear();
        answer.Media[1].Ssrcs.Clear();
        answer.Media[1].Rids.AddRange([new SdpRid("q", SdpRidDirection.Send, null), new SdpRid("h", SdpRidDirection.Send, null)]);
        answer.Media[1].Simulcast = new SdpSimulcast([new([new("h", false)]), new([new("q", false)])], []);
        Assert.True(pending.TryApplyAnswer(answer, out var error), error);
        Assert.Empty(pending.Negotiated!.Media[1].Remote!.Rids);
    }

    [Fact]
    public void Remote_candidates_survive_renegotiation_without_ice_restart()
    {
        var current = Answer(SampleOffers.Chrome, out _);
        var pending = Offer(current, []);
        var answer = BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse());
        foreach (var media in answer.Media)
        {
            media.IceUfrag = "Xq2v";
        }

        answer.Media[0].Candidates.Add(SdpCandidate.Host("9", "10.9.9.9", 9999, 1));
        Assert.True(pending.TryApplyAnswer(answer, out var negotiated, out var error), error);

        Assert.Equal(4, negotiated!.RemoteCandidates.Count);
        Assert.Equal("10.9.9.9", negotiated.RemoteCandidates[3].Address);
    }

    [Fact]
    public void Browser_reoffer_after_server_offer_keeps_the_server_tracks()
    {
        var current = Apply(Offer(Answer(SampleOffers.Chrome, out _), [PeerAudio, PeerVideo]));
        Assert.Equal([("mic-b", "2"), ("cam-b", "3")], current.LocalTracks.Select(t => (t.TrackId, t.Mid!)));

        // Chrome's next offer lists all four lines; the ones we send on come back recvonly.
        var reoffer = SdpTestHelpers.Parse(SampleOffers.Chrome);
        reoffer.Groups.Clear();
        reoffer.Groups.Add(new SdpGroup("BUNDLE", ["0", "1", "2", "3"]));
        var serverOffer = SdpTestHelpers.Parse(Offer(current, current.LocalTracks).Offer.ToString());
        foreach (var line in serverOffer.Media.Skip(2))
        {
            line.Direction = SdpDirection.RecvOnly;
            line.IceUfrag = "Xq2v";
            line.Candidates.Clear();
            line.Msids.Clear();
            line.Ssrcs.Clear();
            line.SsrcGroups.Clear();
            reoffer.Media.Add(line);
        }

        Assert.True(SdpAnswerBuilder.TryBuildAnswer(reoffer, Local, CodecPolicy.Default, new AnswerOptions { Previous = current, Tracks = current.LocalTracks },
            out var answer, out var negotiated, out var error), error);

        Assert.Equal([SdpDirection.RecvOnly, SdpDirection.RecvOnly, SdpDirection.SendOnly, SdpDirection.SendOnly], answer!.Media.Select(m => m.Direction!.Value));
        Assert.Equal(new SdpMsid("peer-b", "cam-b"), Assert.Single(answer.Media[3].Msids));
        Assert.Equal(current.SessionId, negotiated!.SessionId);
        Assert.Equal(current.SessionVersion + 1, negotiated.SessionVersion);
    }

    private static PendingOffer Offer(NegotiatedSession? current, IReadOnlyList<OutgoingTrack> tracks, CodecPolicy? policy = null)
    {
        Assert.True(SdpOfferBuilder.TryBuildOffer(current, Local, policy ?? CodecPolicy.Default, tracks, out var pending, out var error), error);
        return pending!;
    }

    private static string OfferError(NegotiatedSession? current, IReadOnlyList<OutgoingTrack> tracks, LocalTransportParameters? local = null)
    {
        Assert.False(SdpOfferBuilder.TryBuildOffer(current, local ?? Local, CodecPolicy.Default, tracks, out var pending, out var error));
        Assert.Null(pending);
        return error!;
    }

    private static NegotiatedSession Apply(PendingOffer pending)
    {
        Assert.True(pending.TryApplyAnswer(BrowserAnswer(pending.Offer, m => m.Direction!.Value.Reverse()), out var negotiated, out var error), error);
        return negotiated!;
    }
}
