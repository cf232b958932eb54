using Sfu.Client;
using Sfu.Dtls;
using Sfu.Engine;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// The client's descriptions against the server's own SDP machinery, without sockets or an engine: its offer must
/// be what <see cref="SdpAnswerBuilder"/> expects from Chrome, and its answers to <see cref="SdpOfferBuilder"/> offers
/// must pass <see cref="PendingOffer.TryApplyAnswer(SessionDescription, out NegotiatedSession?, out string?)"/>
/// through track additions, removals, line reuse and a client re-offer.
/// </summary>
public sealed class ClientSdpTests : IDisposable
{
    private static readonly LocalTransportParameters Server = new(
        "srvUfrag1", "srvPasswordWith22Chars+/", DtlsCertificate.CreateSelfSigned().Sha256Fingerprint, [new HostCandidate("127.0.0.1", 40000)]);

    private readonly ClientPeer _client = new(new ClientPeerOptions { ParticipantId = "p1" });

    public void Dispose() => _client.Dispose();

    [Fact]
    public void OfferLooksLikeChromes()
    {
        SessionDescription offer = Parse(_client.CreateOffer());

        Assert.Equal(["0", "1"], offer.BundleGroup!.Mids);
        Assert.Equal(2, offer.Media.Count);
        MediaDescription audio = offer.Media[0];
        MediaDescription video = offer.Media[1];
        Assert.Equal(("audio", "video"), (audio.Kind, video.Kind));
        foreach (MediaDescription media in offer.Media)
        {
            Assert.Equal("UDP/TLS/RTP/SAVPF", media.Protocol);
            Assert.Equal(SdpDirection.SendOnly, media.Direction);
            Assert.Equal(SdpSetupRole.ActPass, media.Setup);
            Assert.True(media.RtcpMux);
            Assert.True(media.RtcpRsize);
            Assert.Equal(new SdpFingerprint("sha-256", _client.Certificate.Sha256Fingerprint), Assert.Single(media.Fingerprints));
            Assert.NotNull(media.IceUfrag);
            Assert.Equal(media.IceUfrag, offer.Media[0].IceUfrag);
            Assert.Contains(new SdpExtmap(4, null, SdpExtensionUris.Mid, null), media.Extmaps);
        }

        Assert.Equal(["111"], audio.Formats);
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), Assert.Single(audio.RtpMaps));
        Assert.Contains(new SdpExtmap(1, null, SdpExtensionUris.AudioLevel, null), audio.Extmaps);
        Assert.Equal(new SdpMsid("p1", "p1-audio"), Assert.Single(audio.Msids));
        Assert.Contains(new SdpSsrc(_client.AudioTrack!.Ssrc, "cname", "p1"), audio.Ssrcs);
        Assert.Contains(new SdpSsrc(_client.AudioTrack.Ssrc, "msid", "p1 p1-audio"), audio.Ssrcs);

        Assert.Equal(["96", "97"], video.Formats);
        Assert.Equal(new SdpFmtp(97, "apt=96"), video.FindFmtp(97));
        Assert.Contains(new SdpRtcpFeedback(96, "nack", "pli"), video.RtcpFeedbacks);
        Assert.Equal(new SdpSsrcGroup("FID", [_client.VideoTrack!.Ssrc, _client.VideoTrack.RtxSsrc]), Assert.Single(video.SsrcGroups));

        SdpCandidate candidate = Assert.Single(audio.Candidates);
        Assert.Equal(_client.LocalEndPoint.Port, candidate.Port);
        Assert.Empty(video.Candidates);
    }

    [Fact]
    public void ServerAcceptsTheOfferAndLearnsTheTracks()
    {
        NegotiatedSession negotiated = Publish();

        Assert.Equal(2, negotiated.Media.Count);
        Assert.All(negotiated.Media, media => Assert.True(media.ServerReceives));
        RemoteSource audio = negotiated.Media[0].Remote!;
        RemoteSource video = negotiated.Media[1].Remote!;
        Assert.Equal(("p1", "p1-audio", _client.AudioTrack!.Ssrc), (audio.StreamId, audio.TrackId, audio.Encodings[0].Ssrc));
        Assert.Equal(new RemoteEncoding(_client.VideoTrack!.Ssrc, _client.VideoTrack.RtxSsrc), Assert.Single(video.Encodings));
        Assert.Equal(("VP8", 96, 97), (negotiated.Media[1].Codecs[0].Name, negotiated.Media[1].Codecs[0].PayloadType, negotiated.Media[1].Codecs[0].RtxPayloadType));
        Assert.Equal(1, negotiated.Media[0].ExtensionIds[SdpExtensionUris.AudioLevel]);
        Assert.Equal(Server.Fingerprint, _client.RemoteTransport!.Fingerprint);
        Assert.Equal(40000, _client.RemoteTransport.Candidate.Port);
        Assert.False(_client.HasTracksToOffer);
    }

    [Fact]
    public void AnswersServerOffersThroughAddRemoveAndReuse()
    {
        NegotiatedSession state = Publish();

        // Another participant's two tracks: two new sendonly lines.
        state = ServerOffer(state, [Track("p2", "audio", 1111, state), Track("p2", "video", 2222, state)]);
        Assert.Equal(["0", "1", "2", "3"], Mids(state));
        Assert.True(state.Media[0].ServerReceives && state.Media[1].ServerReceives);
        Assert.True(state.Media[2].ServerSends && state.Media[3].ServerSends);
        Assert.Equal(new[] { ("p2", "p2-audio", 1111u, MediaKind.Audio, "2"), ("p2", "p2-video", 2222u, MediaKind.Video, "3") },
            _client.ReceivingTracks.Select(t => (t.SourceParticipantId, t.TrackId, t.Ssrc, t.Kind, t.Mid)));
        Assert.Equal(1, state.Media[2].ExtensionIds[SdpExtensionUris.AudioLevel]);

        // p2's video goes away: its line turns inactive and the client stops expecting it.
        state = ServerOffer(state, [Track("p2", "audio", 1111, state, mid: "2")]);
        Assert.Equal(SdpDirection.Inactive, state.Media[3].Direction);
        Assert.Equal("p2-audio", Assert.Single(_client.ReceivingTracks).TrackId);

        // p3's video reuses the inactive line, with the same mid and payload types.
        state = ServerOffer(state, [Track("p2", "audio", 1111, state, mid: "2"), Track("p3", "video", 3333, state)]);
        Assert.Equal(4, state.Media.Count);
        Assert.Equal(("p3", "3", 96), (_client.ReceivingTracks[1].SourceParticipantId, _client.ReceivingTracks[1].Mid, state.Media[3].Codecs[0].PayloadType));

        // A client re-offer keeps every line; the server still sends on the ones it placed.
        SessionDescription reOffer = Parse(_client.CreateOffer());
        Assert.Equal([SdpDirection.SendOnly, SdpDirection.SendOnly, SdpDirection.RecvOnly, SdpDirection.RecvOnly], reOffer.Media.Select(m => m.Direction!.Value));
        var options = new AnswerOptions { Previous = state, Tracks = state.LocalTracks };
        Assert.True(SdpAnswerBuilder.TryBuildAnswer(reOffer, Server, CodecPolicy.Default, options, out SessionDescription? answer, out NegotiatedSession? after, out string? error), error);
        _client.ApplyAnswer(answer!.ToString());
        Assert.True(after!.Media[2].ServerSends && after.Media[3].ServerSends);
        Assert.Equal(2, _client.ReceivingTracks.Count);
    }

    [Fact]
    public void AServerOfferRollsBackACrossingClientOffer()
    {
        using var late = new ClientPeer(new ClientPeerOptions { ParticipantId = "late" });
        late.CreateOffer();
        Assert.True(late.HasPendingOffer);

        Assert.True(SdpOfferBuilder.TryBuildOffer(null, Server, CodecPolicy.Default, [new OutgoingTrack(null, "audio", "p9", "p9-audio", 999, 0)], out PendingOffer? pending, out string? error), error);
        string answer = late.AnswerOffer(pending!.Offer.ToString());

        Assert.False(late.HasPendingOffer);
        Assert.True(pending.TryApplyAnswer(Parse(answer), out error), error);
        Assert.True(late.HasTracksToOffer);
        SessionDescription reOffer = Parse(late.CreateOffer());
        Assert.Equal(["0", "1", "2"], reOffer.Media.Select(m => m.Mid!));
        Assert.Equal([SdpDirection.RecvOnly, SdpDirection.SendOnly, SdpDirection.SendOnly], reOffer.Media.Select(m => m.Direction!.Value));
    }

    [Fact]
    public void RejectsLinesItCannotUse()
    {
        Assert.True(SdpOfferBuilder.TryBuildOffer(null, Server, CodecPolicy.Default, [new OutgoingTrack(null, "audio", "p9", "p9-audio", 999, 0)], out PendingOffer? pending, out string? error), error);
        SessionDescription offer = pending!.Offer;
        var data = new MediaDescription("application", 40000, "UDP/DTLS/SCTP", ["webrtc-datachannel"]) { Mid = "1" };
        offer.Media.Add(data);

        SessionDescription answer = Parse(_client.AnswerOffer(offer.ToString()));

        Assert.Equal(2, answer.Media.Count);
        Assert.Equal(SdpDirection.RecvOnly, answer.Media[0].Direction);
        Assert.True(answer.Media[1].IsRejected);
        Assert.Equal("1", answer.Media[1].Mid);
        Assert.Equal(["0"], answer.BundleGroup!.Mids);
        Assert.Equal(SdpSetupRole.Active, answer.Media[0].Setup);
    }

    private NegotiatedSession Publish()
    {
        SessionDescription offer = Parse(_client.CreateOffer());
        Assert.True(SdpAnswerBuilder.TryBuildAnswer(offer, Server, CodecPolicy.Default, out SessionDescription? answer, out NegotiatedSession? negotiated, out string? error), error);
        _client.ApplyAnswer(answer!.ToString());
        return negotiated!;
    }

    private NegotiatedSession ServerOffer(NegotiatedSession current, List<OutgoingTrack> tracks)
    {
        Assert.True(SdpOfferBuilder.TryBuildOffer(current, Server, CodecPolicy.Default, tracks, out PendingOffer? pending, out string? error), error);
        string answer = _client.AnswerOffer(pending!.Offer.ToString());
        Assert.True(pending.TryApplyAnswer(Parse(answer), out NegotiatedSession? negotiated, out error), error);
        return negotiated!;
    }

    /// <summary>A forwarded track as the engine describes it: the publisher's codecs, a consumer SSRC, cname = publisher.</summary>
    private static OutgoingTrack Track(string publisher, string kind, uint ssrc, NegotiatedSession state, string? mid = null)
    {
        NegotiatedMedia source = state.Media.First(m => m.Kind == kind && m.ServerReceives);
        return new OutgoingTrack(mid, kind, publisher, publisher + "-" + kind, ssrc, 0, source.Codecs) { Cname = publisher };
    }

    private static string[] Mids(NegotiatedSession state) => [.. state.Media.Select(m => m.Mid)];

    private static SessionDescription Parse(string sdp)
    {
        Assert.True(SessionDescription.TryParse(sdp, out SessionDescription? parsed, out string? error), error);
        return parsed!;
    }
}
