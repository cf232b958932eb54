using System.Text;
using Sfu.Client;
using Sfu.Engine;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// Ten synthetic participants built on our own client-side stack in one room on loopback: every participant receives
/// every other participant's packets, none lost. Each joins through the engine API the way a browser's signaling
/// would (offer, answer, answering every server offer; every second participant publishes late enough that its offer
/// crosses the server's, so glare is resolved too), connects ICE and DTLS, and only when all 10 x 18 remote tracks are
/// negotiated and every transport is up on both sides does anyone send. Then each sends a fixed count, and every
/// ordered pair (receiver, sender) must match exactly: no loss, no duplicates, payloads intact.
/// </summary>
public sealed class TenParticipantRoomTests
{
    private const int Participants = 10;
    private const int AudioPackets = 100;
    private const int VideoPackets = 150;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task TenSyntheticParticipantsEachReceiveEveryOtherParticipantsPacketsNoneLost()
    {
        using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0 });
        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 50, VideoPacketsPerSecond = 75, VideoPacketsPerFrame = 3 };
        var peers = new List<ClientPeer>();
        var links = new List<EngineSignaling>();
        try
        {
            for (int i = 0; i < Participants; i++)
            {
                var peer = new ClientPeer(new ClientPeerOptions { ParticipantId = "p" + i, Media = media });
                peers.Add(peer);
                links.Add(await EngineSignaling.JoinAsync(engine, "ten", peer));
                await peer.ConnectAsync(ConnectTimeout);
                if (i % 2 == 0 && i > 0)
                {
                    // The one before (odd) held the server offer that announced this participant's tracks, then offers
                    // itself: its offer crosses the server's pending one (glare), which it resolves as the polite side.
                    EngineSignaling previous = links[i - 1];
                    Assert.True(await ClientTestWait.UntilAsync(() => previous.QueuedServerOffers > 0, ConnectTimeout), $"p{i - 1} got no server offer");
                    await previous.RenegotiateAsync();
                    previous.HoldServerOffers = false;
                }
                else if (i % 2 == 1)
                {
                    links[i].HoldServerOffers = true;
                }
            }

            links[^1].HoldServerOffers = false;
            await links[^1].RenegotiateAsync();

            int remoteTracks = 2 * (Participants - 1);
            bool ready = await ClientTestWait.UntilAsync(
                () => links.TrueForAll(link => link.NegotiatedRemoteTracks == remoteTracks && link.Peer.IsConnected && link.Peer.IsServerConfirmed),
                TimeSpan.FromSeconds(20));
            Assert.True(ready, "not every participant negotiated all remote tracks and connected: " + Describe(links));
            Assert.True(links.Sum(link => link.Glares) > 0, "no offer crossed a server offer, so glare was not exercised");
            Assert.All(links, link => Assert.Empty(link.Errors));
            EngineStats engineStats = await engine.GetStatsAsync();
            Assert.Equal((1, Participants, 2 * Participants, Participants * remoteTracks), (engineStats.Rooms, engineStats.Participants, engineStats.Producers, engineStats.Consumers));

            var plan = new MediaSendPlan(AudioPackets, VideoPackets);
            await Task.WhenAll(peers.Select(peer => peer.SendMediaAsync(plan))).WaitAsync(TimeSpan.FromSeconds(20));
            long expectedPerReceiver = (Participants - 1) * (long)(AudioPackets + VideoPackets);
            await ClientTestWait.UntilAsync(() => peers.TrueForAll(peer => peer.PacketsReceived >= expectedPerReceiver), TimeSpan.FromSeconds(5));
            await Task.Delay(300); // a late duplicate or stray packet would show up now

            AssertEveryPairExact(peers);
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

    private static void AssertEveryPairExact(List<ClientPeer> peers)
    {
        var sentBy = peers.ToDictionary(peer => peer.ParticipantId, peer => peer.GetStats());
        var failures = new StringBuilder();
        foreach (ClientPeer sender in peers)
        {
            ClientStats sent = sentBy[sender.ParticipantId];
            Assert.Equal(AudioPackets, sent.SentBySsrc[sender.AudioTrack!.Ssrc]);
            Assert.Equal(VideoPackets, sent.SentBySsrc[sender.VideoTrack!.Ssrc]);
            Assert.Equal(0, sent.SendFailures);
        }

        foreach (ClientPeer receiver in peers)
        {
            ClientStats stats = receiver.GetStats();
            if (stats.Lost != 0 || stats.Duplicates != 0 || stats.PayloadErrors != 0 || stats.SrtpFailures != 0 || stats.SrtpReplays != 0 || stats.UnknownSsrcPackets != 0)
            {
                failures.AppendLine($"{receiver.ParticipantId}: lost {stats.Lost}, duplicates {stats.Duplicates}, payload errors {stats.PayloadErrors}, srtp failures {stats.SrtpFailures}, replays {stats.SrtpReplays}, unknown {stats.UnknownSsrcPackets}");
            }

            foreach (ClientPeer sender in peers)
            {
                if (sender == receiver)
                {
                    continue;
                }

                foreach (LocalTrack track in new[] { sender.AudioTrack!, sender.VideoTrack! })
                {
                    // Match on the publisher's own SSRC carried in the payload: proves attribution by msid too.
                    ReceivedStreamStats[] streams = [.. stats.ReceivedBySsrc.Values.Where(s => s.OriginSsrc == track.Ssrc)];
                    long expected = sentBy[sender.ParticipantId].SentBySsrc[track.Ssrc];
                    long got = streams.Sum(s => s.Packets);
                    bool attributed = streams.Length == 1 && streams[0].SourceParticipantId == sender.ParticipantId && streams[0].Kind == track.Kind;
                    if (got != expected || !attributed)
                    {
                        failures.AppendLine($"{receiver.ParticipantId} <- {sender.ParticipantId} {track.Kind}: got {got} of {expected} in {streams.Length} stream(s), attributed {attributed}");
                    }
                }
            }

            long othersSent = peers.Where(p => p != receiver).Sum(p => sentBy[p.ParticipantId].PacketsSent);
            if (stats.ReceivedByParticipant.Values.Sum() != othersSent || stats.ReceivedByParticipant.ContainsKey(receiver.ParticipantId))
            {
                failures.AppendLine($"{receiver.ParticipantId}: received {stats.ReceivedByParticipant.Values.Sum()} attributed packets, others sent {othersSent}");
            }
        }

        Assert.True(failures.Length == 0, failures.ToString());
    }

    private static string Describe(List<EngineSignaling> links) => string.Join("; ", links.Select(link =>
        $"{link.Peer.ParticipantId}: tracks {link.NegotiatedRemoteTracks}, connected {link.Peer.IsConnected}, server confirmed {link.Peer.IsServerConfirmed}, errors [{string.Join(" | ", link.Errors)}]"));
}
