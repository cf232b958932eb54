using Sfu.Client;
using Sfu.Crypto.Srtp;
using Sfu.Engine;
using Sfu.Negotiation;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// Two of our own client peers and a real <see cref="SfuEngine"/> on loopback: one publishes audio and video, the other
/// only receives. Proves our ICE controlling agent, DTLS client (against the engine's DTLS server, for each SRTP
/// profile), SRTP both ways, the browser-like offer/answer and the server-initiated renegotiation.
/// </summary>
public sealed class ClientLoopbackTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    public async Task SubscriberReceivesEveryPacketThePublisherSends(SrtpProfile profile)
    {
        using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0 });
        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 50, VideoPacketsPerSecond = 100, VideoPacketsPerFrame = 3 };
        using var publisher = new ClientPeer(new ClientPeerOptions { ParticipantId = "alice", SrtpProfiles = [profile], Media = media });
        using var subscriber = new ClientPeer(new ClientPeerOptions { ParticipantId = "bob", PublishAudio = false, PublishVideo = false, SrtpProfiles = [profile] });

        using EngineSignaling alice = await EngineSignaling.JoinAsync(engine, "room", publisher);
        await publisher.ConnectAsync(Timeout);
        using EngineSignaling bob = await EngineSignaling.JoinAsync(engine, "room", subscriber);
        Assert.True(await ClientTestWait.UntilAsync(() => bob.NegotiatedRemoteTracks == 2, Timeout), "bob never got alice's two tracks: " + string.Join("; ", bob.Errors));
        await subscriber.ConnectAsync(Timeout);
        Assert.True(await ClientTestWait.UntilAsync(() => publisher.IsServerConfirmed, Timeout), "the server never sent alice authenticated RTCP");

        // A new subscriber's video starts with a keyframe: the server sends alice a PLI, which the client answers.
        Assert.True(await ClientTestWait.UntilAsync(() => publisher.GetStats().KeyframeRequestsReceived >= 1, Timeout), "alice never got a PLI");
        Assert.Equal(profile, publisher.SrtpProfile);
        Assert.Equal(profile, subscriber.SrtpProfile);
        Assert.Equal(engine.MediaEndPoint.Port, subscriber.RemoteTransport!.Candidate.Port);
        Assert.Equal(engine.Certificate.Sha256Fingerprint, subscriber.RemoteTransport.Fingerprint);

        var plan = new MediaSendPlan(AudioPackets: 50, VideoPackets: 100);
        await publisher.SendMediaAsync(plan).WaitAsync(Timeout);
        Assert.True(await ClientTestWait.UntilAsync(() => subscriber.PacketsReceived >= 150, TimeSpan.FromSeconds(5)));
        await Task.Delay(200); // anything beyond the expected count (duplicates) would show up now

        ClientStats sent = publisher.GetStats();
        ClientStats received = subscriber.GetStats();
        Assert.Equal(50, sent.SentBySsrc[publisher.AudioTrack!.Ssrc]);
        Assert.Equal(100, sent.SentBySsrc[publisher.VideoTrack!.Ssrc]);
        Assert.Equal(0, sent.SendFailures);
        Assert.Equal(150, received.ReceivedByParticipant["alice"]);
        Assert.Equal(2, received.ReceivedBySsrc.Count);
        foreach (ReceivedStreamStats stream in received.ReceivedBySsrc.Values)
        {
            Assert.Equal("alice", stream.SourceParticipantId);
            long expected = stream.Kind == MediaKind.Audio ? 50 : 100;
            Assert.Equal(expected, stream.Packets);
            Assert.Equal(stream.Kind == MediaKind.Audio ? publisher.AudioTrack.Ssrc : publisher.VideoTrack.Ssrc, stream.OriginSsrc);
            Assert.NotEqual(stream.OriginSsrc, stream.Ssrc); // the SFU rewrote the SSRC per subscriber
            Assert.Equal(0, stream.Lost);
            Assert.Equal(0, stream.Duplicates);
            Assert.Equal(0, stream.PayloadErrors);
        }

        Assert.True(received.ReceivedBySsrc.Values.Single(s => s.Kind == MediaKind.Video).Keyframes >= 1);
        Assert.Equal(0, received.SrtpFailures);
        Assert.Equal(0, received.SrtpReplays);
        Assert.Equal(0, received.UnknownSsrcPackets);
        Assert.Empty(alice.Errors);
        Assert.Empty(bob.Errors);
    }
}
