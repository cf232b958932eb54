using Sfu.Client;
using Sfu.Engine;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// A subscriber that stays while 100 publishers join and leave in waves receives every one of them. Each publisher's
/// two tracks reach it on fresh SSRCs, 200 over the meeting, more than any SRTP session holds at once (the server's
/// and the client's), so this passes only when the state of each track that ended is freed on both sides.
/// </summary>
public sealed class LongMeetingTests
{
    private const int Waves = 10;
    private const int PublishersPerWave = 10;
    private const int Packets = 6;
    private const int MinPerTrack = 2;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_subscriber_receives_every_one_of_100_publishers_joining_and_leaving_in_waves()
    {
        await using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 1 });
        Assert.True(2 * Waves * PublishersPerWave > engine.Options.SrtpSsrcsPerSession, "the meeting must see more SSRCs than a session holds at once");
        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 100, VideoPacketsPerSecond = 100 };

        // The subscriber publishes audio so that it negotiates (and connects) before anyone else is there.
        using var subscriber = new ClientPeer(new ClientPeerOptions { ParticipantId = "stayer", PublishVideo = false, Media = media });
        using EngineSignaling subscriberLink = await EngineSignaling.JoinAsync(engine, "waves", subscriber);
        await subscriber.ConnectAsync(ConnectTimeout);

        var missing = new List<string>();
        for (int wave = 0; wave < Waves; wave++)
        {
            var peers = new List<ClientPeer>();
            var links = new List<EngineSignaling>();
            try
            {
                for (int i = 0; i < PublishersPerWave; i++)
                {
                    var peer = new ClientPeer(new ClientPeerOptions { ParticipantId = $"w{wave}p{i}", Media = media });
                    peers.Add(peer);
                    links.Add(await EngineSignaling.JoinAsync(engine, "waves", peer));
                    await peer.ConnectAsync(ConnectTimeout);
                }

                int tracks = 2 * PublishersPerWave;
                bool negotiated = await ClientTestWait.UntilAsync(() => subscriberLink.NegotiatedRemoteTracks == tracks, StepTimeout);
                Assert.True(negotiated, $"wave {wave}: the subscriber negotiated {subscriberLink.NegotiatedRemoteTracks} of {tracks} tracks; errors [{string.Join(" | ", subscriberLink.Errors)}]");

                await Task.WhenAll(peers.Select(peer => peer.SendMediaAsync(new MediaSendPlan(Packets, Packets)))).WaitAsync(StepTimeout);
                await ClientTestWait.UntilAsync(() => peers.TrueForAll(peer => ReceivedTracks.FewestOfAnyTrack(subscriber.GetStats(), peer) >= MinPerTrack), TimeSpan.FromSeconds(5));
                ClientStats received = subscriber.GetStats();
                foreach (ClientPeer peer in peers)
                {
                    if (ReceivedTracks.FewestOfAnyTrack(received, peer) < MinPerTrack)
                    {
                        missing.Add($"{peer.ParticipantId} (audio {ReceivedTracks.PacketsOf(received, peer.AudioTrack!)}, video {ReceivedTracks.PacketsOf(received, peer.VideoTrack!)})");
                    }
                }
            }
            finally
            {
                foreach (EngineSignaling link in links)
                {
                    link.Dispose();
                }

                foreach (ClientPeer peer in peers)
                {
                    peer.Dispose();
                }
            }

            // The wave has left once the server's offer stopped all its tracks and the subscriber answered it.
            bool left = await ClientTestWait.UntilAsync(() => subscriberLink.NegotiatedRemoteTracks == 0, StepTimeout);
            Assert.True(left, $"wave {wave}: {subscriberLink.NegotiatedRemoteTracks} tracks still negotiated after its publishers left");
        }

        ClientStats stats = subscriber.GetStats();
        Assert.True(missing.Count == 0, $"the subscriber got fewer than {MinPerTrack} packets of a track from {missing.Count} of {Waves * PublishersPerWave} publishers: {string.Join(", ", missing)}");
        Assert.Equal(0, stats.SrtpFailures);
        Assert.Equal(Waves * PublishersPerWave, stats.ReceivedByParticipant.Count);
    }
}
