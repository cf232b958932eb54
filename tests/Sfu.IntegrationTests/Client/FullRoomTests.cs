using System.Text;
using Sfu.Client;
using Sfu.Engine;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// A full meeting: 25 participants on our client stack, each publishing microphone, camera and screen, so every one
/// receives 72 remote tracks at once, more than the 64 SSRCs an SRTP session used to hold. Every subscriber must get
/// packets of every remote track.
/// </summary>
public sealed class FullRoomTests
{
    private const int Participants = 25;
    private const int Packets = 8;
    private const int RemoteTracks = 3 * (Participants - 1);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Twenty_five_participants_with_camera_mic_and_screen_each_receive_all_72_remote_tracks()
    {
        await using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 1 });
        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 100, VideoPacketsPerSecond = 100, AudioPayloadBytes = 60, VideoPayloadBytes = 300 };
        var peers = new List<ClientPeer>();
        var links = new List<EngineSignaling>();
        try
        {
            for (int i = 0; i < Participants; i++)
            {
                var peer = new ClientPeer(new ClientPeerOptions { ParticipantId = "p" + i, PublishScreen = true, Media = media });
                peers.Add(peer);
                links.Add(await EngineSignaling.JoinAsync(engine, "full", peer));
                await peer.ConnectAsync(ConnectTimeout);
            }

            bool ready = await ClientTestWait.UntilAsync(() => links.TrueForAll(link => link.NegotiatedRemoteTracks == RemoteTracks), TimeSpan.FromSeconds(40));
            Assert.True(ready, "not every participant negotiated all 72 remote tracks: " + string.Join("; ", links
                .Where(link => link.NegotiatedRemoteTracks != RemoteTracks)
                .Select(link => $"{link.Peer.ParticipantId}: {link.NegotiatedRemoteTracks}, errors [{string.Join(" | ", link.Errors)}]")));
            EngineStats engineStats = await engine.GetStatsAsync();
            Assert.Equal((3 * Participants, Participants * RemoteTracks), (engineStats.Producers, engineStats.Consumers));

            await Task.WhenAll(peers.Select(peer => peer.SendMediaAsync(new MediaSendPlan(Packets, Packets)))).WaitAsync(TimeSpan.FromSeconds(20));
            await ClientTestWait.UntilAsync(() => peers.TrueForAll(receiver => EveryTrackArrived(receiver, peers)), TimeSpan.FromSeconds(10));

            var failures = new StringBuilder();
            foreach (ClientPeer receiver in peers)
            {
                ClientStats stats = receiver.GetStats();
                int tracks = 0;
                foreach (ClientPeer sender in peers.Where(p => p != receiver))
                {
                    foreach (LocalTrack track in sender.PublishedTracks)
                    {
                        tracks += ReceivedTracks.PacketsOf(stats, track) > 0 ? 1 : 0;
                    }
                }

                if (tracks != RemoteTracks || stats.SrtpFailures != 0)
                {
                    failures.AppendLine($"{receiver.ParticipantId}: packets of {tracks} of {RemoteTracks} remote tracks, srtp failures {stats.SrtpFailures}");
                }
            }

            Assert.True(failures.Length == 0, failures.ToString());
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
    }

    private static bool EveryTrackArrived(ClientPeer receiver, List<ClientPeer> peers)
    {
        ClientStats stats = receiver.GetStats();
        foreach (ClientPeer sender in peers)
        {
            if (sender != receiver && ReceivedTracks.FewestOfAnyTrack(stats, sender) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
