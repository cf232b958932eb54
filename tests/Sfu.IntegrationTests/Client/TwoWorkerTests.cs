using Sfu.Client;
using Sfu.Engine;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// <c>Sfu:Workers = 2</c> over loopback: two rooms land on two media workers (each its own thread and UDP port), every
/// participant is offered its room's worker's port, and media flows completely in both rooms at once.
/// </summary>
public sealed class TwoWorkerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Two_rooms_on_two_workers_both_forward_every_packet()
    {
        await using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 2 });
        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 50, VideoPacketsPerSecond = 100, VideoPacketsPerFrame = 3 };
        var peers = new List<ClientPeer>();
        var links = new List<EngineSignaling>();
        try
        {
            foreach (string room in new[] { "north", "south" })
            {
                var publisher = new ClientPeer(new ClientPeerOptions { ParticipantId = room + "-pub", Media = media });
                var subscriber = new ClientPeer(new ClientPeerOptions { ParticipantId = room + "-sub", PublishAudio = false, PublishVideo = false });
                peers.Add(publisher);
                peers.Add(subscriber);
                links.Add(await EngineSignaling.JoinAsync(engine, room, publisher));
                await publisher.ConnectAsync(Timeout);
                EngineSignaling subscriberLink = await EngineSignaling.JoinAsync(engine, room, subscriber);
                links.Add(subscriberLink);
                Assert.True(await ClientTestWait.UntilAsync(() => subscriberLink.NegotiatedRemoteTracks == 2, Timeout), string.Join("; ", subscriberLink.Errors));
                await subscriber.ConnectAsync(Timeout);
                Assert.True(await ClientTestWait.UntilAsync(() => publisher.IsServerConfirmed, Timeout), room + ": the server never confirmed the publisher");

                // Each participant talks to the port of its room's worker, never the other one.
                int worker = engine.Placement.WorkerOf(room);
                Assert.Equal(engine.MediaEndPoints[worker].Port, subscriber.RemoteTransport!.Candidate.Port);
                Assert.Equal(engine.MediaEndPoints[worker].Port, publisher.RemoteTransport!.Candidate.Port);
            }

            Assert.NotEqual(engine.Placement.WorkerOf("north"), engine.Placement.WorkerOf("south"));
            Assert.True(await ClientTestWait.UntilAsync(() => links.TrueForAll(link => link.MediaConnected), Timeout), "the engine did not report every transport connected");
            EngineStats before = await engine.GetStatsAsync();

            var plan = new MediaSendPlan(AudioPackets: 100, VideoPackets: 200);
            await Task.WhenAll(peers[0].SendMediaAsync(plan), peers[2].SendMediaAsync(plan)).WaitAsync(Timeout);
            Assert.True(await ClientTestWait.UntilAsync(() => peers[1].PacketsReceived >= 300 && peers[3].PacketsReceived >= 300, TimeSpan.FromSeconds(5)));

            Assert.Equal(300, peers[1].GetStats().ReceivedByParticipant["north-pub"]);
            Assert.Equal(300, peers[3].GetStats().ReceivedByParticipant["south-pub"]);
            EngineStats after = await engine.GetStatsAsync();
            for (int worker = 0; worker < 2; worker++)
            {
                Assert.Equal(1, after.Workers[worker].Rooms);
                Assert.True(after.Workers[worker].RtpPacketsSent - before.Workers[worker].RtpPacketsSent >= 300, $"worker {worker} did not forward its room's media");
            }
        }
        finally
        {
            links.ForEach(link => link.Dispose());
            peers.ForEach(peer => peer.Dispose());
        }
    }
}
