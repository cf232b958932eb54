using System.Text.Json;
using Sfu.Client;
using Sfu.Engine;
using Sfu.IntegrationTests.Client;
using Sfu.Negotiation;

namespace Sfu.IntegrationTests.Resilience;

/// <summary>
/// The reconnect promise of docs/signaling.md with the real server: signaling over the real /ws WebSocket (JSON), media
/// over the real UDP engine, both participants our own client peers. Mid-stream, bob's WebSocket dies without a close
/// handshake; the server keeps him (grace period) and his media session; he resumes with his resumeToken. Nobody is
/// told he left, he keeps his participant id, nothing is renegotiated, and the media never noticed: every packet
/// either side sent arrives, exactly once.
/// </summary>
public sealed class SignalingReconnectTests
{
    private const string Room = "resume-room";
    private const int AudioPackets = 200;
    private const int VideoPackets = 300;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ParticipantResumesAfterItsSocketDropsAndMediaFlowsAcrossTheDropWithoutLoss()
    {
        await using ApiHost host = await ApiHost.StartAsync();
        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 50, VideoPacketsPerSecond = 75, VideoPacketsPerFrame = 3 };
        using var alicePeer = new ClientPeer(new ClientPeerOptions { ParticipantId = "alice", Media = media });
        using var bobPeer = new ClientPeer(new ClientPeerOptions { ParticipantId = "bob", Media = media });

        await using WsParticipant alice = await WsParticipant.JoinAsync(host.Http, Room, "Alice", alicePeer);
        Assert.True(await ClientTestWait.UntilAsync(() => alice.IsSettled, Timeout), "alice's offer was never answered: " + string.Join("; ", alice.Errors));
        await alicePeer.ConnectAsync(Timeout);
        await using WsParticipant bob = await WsParticipant.JoinAsync(host.Http, Room, "Bob", bobPeer);
        Assert.True(await ClientTestWait.UntilAsync(() => bob.IsSettled, Timeout), "bob's offer was never answered: " + string.Join("; ", bob.Errors));
        await bobPeer.ConnectAsync(Timeout);
        bool ready = await ClientTestWait.UntilAsync(
            () => alice.IsSettled && bob.IsSettled && alicePeer.ReceivingTracks.Count == 2 && bobPeer.ReceivingTracks.Count == 2
                && alicePeer.IsServerConfirmed && bobPeer.IsServerConfirmed,
            Timeout);
        Assert.True(ready, $"not negotiated and connected: alice {alicePeer.ReceivingTracks.Count} tracks, bob {bobPeer.ReceivingTracks.Count} tracks, errors [{string.Join("; ", alice.Errors.Concat(bob.Errors))}]");
        await Task.Delay(200); // a server offer still on its way would be counted as a renegotiation below

        int aliceNegotiations = alice.Negotiations;
        int bobNegotiations = bob.Negotiations;
        int aliceSeen = alice.Received.Count;
        string bobId = bob.ParticipantId;
        string resumeToken = bob.ResumeToken;

        var plan = new MediaSendPlan(AudioPackets, VideoPackets); // 4 s of media each way
        Task sending = Task.WhenAll(alicePeer.SendMediaAsync(plan), bobPeer.SendMediaAsync(plan));
        Assert.True(await ClientTestWait.UntilAsync(() => bobPeer.PacketsReceived >= 60, Timeout), "no media reached bob");

        // Mid-stream, bob's socket dies. The server notices (the operator API lists him as not connected) but keeps him.
        bob.AbortSocket();
        Assert.True(await WaitAsync(async () => await host.IsConnectedAsync(Room, bobId) == false, Timeout), "the server never saw bob's socket drop");
        long receivedAtDrop = bobPeer.PacketsReceived;
        long aliceReceivedAtDrop = alicePeer.PacketsReceived;
        await Task.Delay(500);
        Assert.True(bobPeer.PacketsReceived - receivedAtDrop > 20, "media to bob stopped while his signaling was down");
        Assert.True(alicePeer.PacketsReceived - aliceReceivedAtDrop > 20, "bob's media to alice stopped while his signaling was down");

        int bobSeenBeforeResume = bob.Received.Count;
        JsonElement joined = await bob.ResumeAsync();
        Assert.True(joined.GetProperty("resumed").GetBoolean(), joined.GetRawText());
        Assert.Equal(bobId, joined.GetProperty("participantId").GetString());
        Assert.Equal(resumeToken, joined.GetProperty("resumeToken").GetString());
        JsonElement listedAlice = Assert.Single(joined.GetProperty("participants").EnumerateArray());
        Assert.Equal(alice.ParticipantId, listedAlice.GetProperty("id").GetString());
        Assert.Equal(2, listedAlice.GetProperty("tracks").GetArrayLength());
        Assert.True(await WaitAsync(async () => await host.IsConnectedAsync(Room, bobId) == true, Timeout), "the server never saw bob back");

        await sending.WaitAsync(Timeout);
        long expected = AudioPackets + VideoPackets;
        await ClientTestWait.UntilAsync(() => alicePeer.PacketsReceived >= expected && bobPeer.PacketsReceived >= expected, TimeSpan.FromSeconds(5));
        await Task.Delay(300); // a late duplicate, a stray offer or a participantLeft would show up now

        // Nobody was told bob left or came back, and nothing was renegotiated on either side.
        List<string> aliceEvents = alice.TypesSince(aliceSeen);
        Assert.DoesNotContain("participantLeft", aliceEvents);
        Assert.DoesNotContain("participantJoined", aliceEvents);
        Assert.DoesNotContain("trackUnpublished", aliceEvents);
        Assert.Equal(aliceNegotiations, alice.Negotiations);
        Assert.Equal(bobNegotiations, bob.Negotiations);
        List<string> bobEventsSinceResume = bob.TypesSince(bobSeenBeforeResume);
        Assert.Equal("joined", bobEventsSinceResume.FirstOrDefault());
        Assert.DoesNotContain("offer", bobEventsSinceResume);

        AssertReceivedEverything(alicePeer, from: bobPeer);
        AssertReceivedEverything(bobPeer, from: alicePeer);
        Assert.Empty(alice.Errors);
        Assert.Empty(bob.Errors);
    }

    /// <summary>Every packet of each of <paramref name="from"/>'s tracks arrived at <paramref name="receiver"/> exactly once, intact.</summary>
    private static void AssertReceivedEverything(ClientPeer receiver, ClientPeer from)
    {
        ClientStats sent = from.GetStats();
        ClientStats received = receiver.GetStats();
        Assert.Equal(AudioPackets, sent.SentBySsrc[from.AudioTrack!.Ssrc]);
        Assert.Equal(VideoPackets, sent.SentBySsrc[from.VideoTrack!.Ssrc]);
        Assert.Equal(0, sent.SendFailures);
        Assert.Equal(2, received.ReceivedBySsrc.Count);
        foreach (ReceivedStreamStats stream in received.ReceivedBySsrc.Values)
        {
            string what = $"{receiver.ParticipantId} <- {from.ParticipantId} {stream.Kind}";
            Assert.Equal(from.ParticipantId, stream.SourceParticipantId);
            Assert.Equal(stream.Kind == MediaKind.Audio ? from.AudioTrack.Ssrc : from.VideoTrack.Ssrc, stream.OriginSsrc);
            Assert.True(stream.Packets == (stream.Kind == MediaKind.Audio ? AudioPackets : VideoPackets), $"{what}: {stream.Packets} packets");
            Assert.True(stream.Lost == 0 && stream.Duplicates == 0 && stream.PayloadErrors == 0, $"{what}: lost {stream.Lost}, duplicates {stream.Duplicates}, payload errors {stream.PayloadErrors}");
        }

        Assert.Equal(AudioPackets + VideoPackets, received.ReceivedByParticipant[from.ParticipantId]);
        Assert.Equal(0, received.SrtpFailures);
        Assert.Equal(0, received.SrtpReplays);
        Assert.Equal(0, received.UnknownSsrcPackets);
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
