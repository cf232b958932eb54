using System.Net;
using Sfu.Client;
using Sfu.Engine;
using Sfu.IntegrationTests.Client;
using Sfu.Negotiation;
using Xunit.Abstractions;

namespace Sfu.IntegrationTests.Resilience;

/// <summary>
/// Loss recovery through a real <see cref="SfuEngine"/> over loopback UDP, with a lossy user-space relay in front of
/// each of two of our own client peers: 5% of alice's media is lost on her way up to the SFU, and 5% of what the SFU
/// sends bob is lost on his way down. Video must arrive complete anyway, by the two repair paths the SFU owns:
/// upstream, the SFU sees the gaps in alice's stream and NACKs her (she answers with RTX, which the SFU unwraps and
/// forwards); downstream, bob NACKs the SFU and it serves the packets from its retransmission buffer. Audio has no
/// NACK, so bob misses exactly what the relays dropped.
/// </summary>
public sealed class MediaUnderLossTests(ITestOutputHelper output)
{
    private const int AudioPackets = 200;
    private const int VideoPackets = 400;
    private const int TailAudioPackets = 10;
    private const int TailVideoPackets = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task VideoLostOnTheUplinkAndTheDownlinkIsRecoveredByNacksAudioLossIsExact()
    {
        using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0 });
        var uplinkLoss = new RtpLossPolicy(0.05, seed: 4585);
        var downlinkLoss = new RtpLossPolicy(0.05, seed: 4588);
        using var aliceRelay = new LossyUdpRelay(engine.MediaEndPoint, uplink: uplinkLoss, downlink: RtpLossPolicy.None);
        using var bobRelay = new LossyUdpRelay(engine.MediaEndPoint, uplink: RtpLossPolicy.None, downlink: downlinkLoss);
        var relays = new Dictionary<string, IPEndPoint> { ["alice"] = aliceRelay.ClientFacingEndPoint, ["bob"] = bobRelay.ClientFacingEndPoint };
        var relayed = new RelayedEngine(engine, relays);

        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 50, VideoPacketsPerSecond = 100, VideoPacketsPerFrame = 3 };
        using var alice = new ClientPeer(new ClientPeerOptions { ParticipantId = "alice", Media = media, RetransmitOnNack = true });
        using var bob = new ClientPeer(new ClientPeerOptions { ParticipantId = "bob", PublishAudio = false, PublishVideo = false, SendNacks = true });
        using EngineSignaling aliceLink = await EngineSignaling.JoinAsync(relayed, "lossy", alice);
        await alice.ConnectAsync(Timeout);
        using EngineSignaling bobLink = await EngineSignaling.JoinAsync(relayed, "lossy", bob);
        Assert.True(await ClientTestWait.UntilAsync(() => bobLink.NegotiatedRemoteTracks == 2, Timeout), "bob never got alice's tracks: " + string.Join("; ", bobLink.Errors));
        await bob.ConnectAsync(Timeout);
        Assert.True(await ClientTestWait.UntilAsync(() => alice.IsServerConfirmed && alice.GetStats().KeyframeRequestsReceived >= 1, Timeout), "alice never heard the server");

        // Both clients really talk to the SFU through their relay.
        Assert.Equal(aliceRelay.ClientFacingEndPoint, alice.RemoteTransport!.Candidate);
        Assert.Equal(bobRelay.ClientFacingEndPoint, bob.RemoteTransport!.Candidate);

        uplinkLoss.Enabled = true;
        downlinkLoss.Enabled = true;
        await alice.SendMediaAsync(new MediaSendPlan(AudioPackets, VideoPackets)).WaitAsync(Timeout);
        uplinkLoss.Enabled = false;
        downlinkLoss.Enabled = false;

        // A loss-free tail: a lost last packet leaves no gap anyone could see, so the next packets must show it.
        await alice.SendMediaAsync(new MediaSendPlan(TailAudioPackets, TailVideoPackets)).WaitAsync(Timeout);

        uint aliceAudio = alice.AudioTrack!.Ssrc;
        uint aliceVideo = alice.VideoTrack!.Ssrc;
        const long videoSent = VideoPackets + TailVideoPackets;
        Assert.True(
            await ClientTestWait.UntilAsync(() => Unique(Stream(bob, MediaKind.Video)) >= videoSent, TimeSpan.FromSeconds(5)),
            "bob's video never became complete: " + Describe(alice, bob, uplinkLoss, downlinkLoss));
        await Task.Delay(300); // a late duplicate or stray packet would show up now

        ClientStats sent = alice.GetStats();
        ClientStats received = bob.GetStats();
        ReceivedStreamStats video = Stream(bob, MediaKind.Video)!;
        ReceivedStreamStats audio = Stream(bob, MediaKind.Audio)!;
        string state = Describe(alice, bob, uplinkLoss, downlinkLoss);
        output.WriteLine(state);
        Assert.Equal(AudioPackets + TailAudioPackets, sent.SentBySsrc[aliceAudio]);
        Assert.Equal(videoSent, sent.SentBySsrc[aliceVideo]);
        Assert.Equal(0, sent.SendFailures);

        // The loss was real on both legs, for both kinds.
        Assert.True(uplinkLoss.DistinctDropped(aliceVideo) > 0 && downlinkLoss.DistinctDropped(video.Ssrc) > 0, "no video was dropped: " + state);
        Assert.True(uplinkLoss.Dropped(aliceAudio) + downlinkLoss.Dropped(audio.Ssrc) > 0, "no audio was dropped: " + state);

        // Video: every packet, exactly once as far as the stream is concerned, payload intact.
        Assert.Equal(aliceVideo, video.OriginSsrc);
        Assert.Equal(videoSent, Unique(video));
        Assert.Equal(0, video.Lost);
        Assert.Equal(0, video.PayloadErrors);

        // Uplink repair: the SFU NACKed alice and every packet lost on her way up was retransmitted at least once.
        Assert.True(sent.NacksReceived > 0, state);
        Assert.True(sent.RetransmissionsSent >= uplinkLoss.DistinctDropped(aliceVideo), state);

        // Downlink repair: bob NACKed; each packet lost on his way down could only come back from the SFU's buffer
        // (the SFU asks alice only for what it never got, which the uplink relay accounts for), and bob saw it arrive
        // after his NACK. Nothing was given up.
        Assert.True(received.NacksSent > 0 && received.SequenceNumbersNacked >= downlinkLoss.DistinctDropped(video.Ssrc), state);
        Assert.True(received.RecoveredAfterNack >= downlinkLoss.DistinctDropped(video.Ssrc), state);
        Assert.Equal(0, received.NackGivenUp);

        // Audio is not repaired (Opus negotiates no nack): bob misses exactly the audio the two relays dropped.
        long audioDropped = uplinkLoss.Dropped(aliceAudio) + downlinkLoss.Dropped(audio.Ssrc);
        Assert.Equal(aliceAudio, audio.OriginSsrc);
        Assert.Equal(AudioPackets + TailAudioPackets - audioDropped, Unique(audio));
        Assert.Equal(0, audio.PayloadErrors);

        Assert.Equal(0, received.SrtpFailures);
        Assert.Equal(0, received.UnknownSsrcPackets);
        Assert.Empty(aliceLink.Errors);
        Assert.Empty(bobLink.Errors);
    }

    private static ReceivedStreamStats? Stream(ClientPeer peer, MediaKind kind) =>
        peer.GetStats().ReceivedBySsrc.Values.SingleOrDefault(s => s.Kind == kind);

    /// <summary>Packets of the stream counted once each (an SRTP replay never reaches the counter; a repeat does).</summary>
    private static long Unique(ReceivedStreamStats? stream) => stream is null ? 0 : stream.Packets - stream.Duplicates;

    private static string Describe(ClientPeer alice, ClientPeer bob, RtpLossPolicy uplink, RtpLossPolicy downlink)
    {
        ClientStats a = alice.GetStats();
        ClientStats b = bob.GetStats();
        ReceivedStreamStats? video = b.ReceivedBySsrc.Values.SingleOrDefault(s => s.Kind == MediaKind.Video);
        ReceivedStreamStats? audio = b.ReceivedBySsrc.Values.SingleOrDefault(s => s.Kind == MediaKind.Audio);
        return $"uplink dropped video {uplink.DistinctDropped(alice.VideoTrack!.Ssrc)} distinct ({uplink.Dropped(alice.VideoTrack.Ssrc)}), audio {uplink.Dropped(alice.AudioTrack!.Ssrc)}; "
            + $"downlink dropped video {(video is null ? 0 : downlink.DistinctDropped(video.Ssrc))} distinct ({(video is null ? 0 : downlink.Dropped(video.Ssrc))}), audio {(audio is null ? 0 : downlink.Dropped(audio.Ssrc))}; "
            + $"alice: NACKs received {a.NacksReceived}, RTX sent {a.RetransmissionsSent}, missed {a.RetransmissionsMissed}; "
            + $"bob: video {video?.Packets} packets, {video?.Duplicates} dup, {video?.Lost} lost; audio {audio?.Packets}; NACKs sent {b.NacksSent} "
            + $"({b.SequenceNumbersNacked} numbers), recovered {b.RecoveredAfterNack}, given up {b.NackGivenUp}, SRTP replays {b.SrtpReplays}";
    }
}
