using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoadGen.Janus;
using Sfu.Client;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>
/// The subscriber half of the Janus client against replies recorded from a real Janus 1.1.2 while media flowed
/// (JanusReplies/README.md): the <c>attached</c> event with Janus's offer, which our client stack answers as the
/// controlled ICE agent; <c>start</c>; the <c>publishers</c> event sent to others when a publisher goes live; and the
/// <c>webrtcup</c>/<c>media</c>/<c>hangup</c>/<c>unpublished</c> notices, kept apart as unsolicited events.
/// </summary>
public class JanusSubscriberTests
{
    private const long RecordedFeed = 5600749368612140;

    [Fact]
    public async Task JanusOfferIsAnsweredAsTheControlledAgentAndStarted()
    {
        var janus = new RecordedJanus();
        var room = new JanusVideoRoom(janus.Session);

        Task<string> join = room.JoinAsSubscriberAsync(6244991340332249, 160789828613, [RecordedFeed], CancellationToken.None);
        JsonObject request = await janus.NextRequestAsync();
        Assert.Equal("subscriber", (string)request["body"]!["ptype"]!);
        Assert.Equal(RecordedFeed, (long)request["body"]!["streams"]![0]!["feed"]!);
        janus.Reply(request, "subscribe-ack");
        Assert.False(join.IsCompleted, "an ack is not the answer of a plugin message");
        janus.Reply(request, "subscribe-events");
        string offer = await join;

        using var peer = new ClientPeer(new ClientPeerOptions { ParticipantId = "sub", PublishAudio = false, PublishVideo = false });
        string answer = peer.AnswerOffer(offer);
        ServerTransport remote = peer.RemoteTransport!;
        Assert.False(remote.IceLite);
        Assert.True(remote.ServerOffered);
        Assert.False(remote.WeControlIce); // Janus offered as a full agent, so Janus controls (RFC 8445 section 6.1.1)
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.2"), 33349), remote.Candidate);
        Assert.Equal("rniL", remote.IceUfrag);
        Assert.Contains("a=setup:active", answer, StringComparison.Ordinal);
        Assert.Equal(2, CountLines(answer, "a=recvonly"));
        Assert.Equal(2, peer.ReceivingTracks.Count);

        Task start = room.StartAsync(6244991340332249, answer, CancellationToken.None);
        request = await janus.NextRequestAsync();
        Assert.Equal("start", (string)request["body"]!["request"]!);
        Assert.Equal("answer", (string)request["jsep"]!["type"]!);
        janus.Reply(request, "start-ack");
        janus.Reply(request, "start-events");
        await start;
        Assert.Empty(janus.Session.Errors);
    }

    [Fact]
    public async Task AStartEventBeforeItsAckLeavesNoError()
    {
        var janus = new RecordedJanus();
        Task start = new JanusVideoRoom(janus.Session).StartAsync(1, "v=0\r\n", CancellationToken.None);
        JsonObject request = await janus.NextRequestAsync();
        janus.Reply(request, "start-events");
        await start;
        janus.Reply(request, "start-ack");
        Assert.Empty(janus.Session.Errors);
    }

    [Fact]
    public void PublishersAndMediaNoticesAreUnsolicitedEvents()
    {
        var janus = new RecordedJanus();
        var seen = new List<string>();
        janus.Session.UnsolicitedEvent += e => seen.Add(JanusReply.Kind(e)!);

        janus.Session.OnMessage(RecordedJanus.Fixture("publishers-event"));
        janus.Session.OnMessage(RecordedJanus.Fixture("webrtcup-media-hangup"));
        janus.Session.OnMessage(RecordedJanus.Fixture("unpublished-event"));

        Assert.Equal(["event", "webrtcup", "webrtcup", "webrtcup", "media", "media", "hangup", "event"], seen);
        JsonElement publishers = janus.Session.Unsolicited.First();
        Assert.Equal([4251401761501116L], JanusVideoRoom.PublisherIds(JanusReply.PluginData(publishers)!.Value));
        Assert.Empty(janus.Session.Errors);
    }

    private static int CountLines(string sdp, string line) =>
        sdp.Split("\r\n").Count(l => l == line);
}
