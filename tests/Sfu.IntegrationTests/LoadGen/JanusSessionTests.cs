using System.Text.Json.Nodes;
using LoadGen.Janus;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>
/// The load tool's Janus client against replies recorded from a real Janus 1.1.2 (JanusReplies/README.md): session,
/// handle, room, publisher join and configure with jsep, keepalive, core and plugin errors, replies out of order.
/// </summary>
public class JanusSessionTests
{
    private const long RecordedSession = 6521992677850751;
    private const long RecordedHandle = 1797769621788497;

    [Fact]
    public async Task CreatesAttachesJoinsAndPublishesWithRecordedReplies()
    {
        var janus = new RecordedJanus();
        var room = new JanusVideoRoom(janus.Session);

        Task create = janus.Session.CreateAsync(CancellationToken.None);
        JsonObject request = await janus.NextRequestAsync();
        Assert.Equal("create", (string)request["janus"]!);
        janus.Reply(request, "create");
        await create;
        Assert.Equal(RecordedSession, janus.Session.SessionId);

        Task<long> attach = janus.Session.AttachAsync(CancellationToken.None);
        request = await janus.NextRequestAsync();
        Assert.Equal(JanusSession.VideoRoomPlugin, (string)request["plugin"]!);
        Assert.Equal(RecordedSession, (long)request["session_id"]!);
        janus.Reply(request, "attach");
        long handle = await attach;
        Assert.Equal(RecordedHandle, handle);

        Task createRoom = room.CreateRoomAsync(handle, 4242, 100, CancellationToken.None);
        request = await janus.NextRequestAsync();
        Assert.Equal("create", (string)request["body"]!["request"]!);
        Assert.Equal(handle, (long)request["handle_id"]!);
        janus.Reply(request, "create-room");
        await createRoom;

        var join = room.JoinAsPublisherAsync(handle, 4242, "pub0", CancellationToken.None);
        request = await janus.NextRequestAsync();
        Assert.Equal("publisher", (string)request["body"]!["ptype"]!);
        janus.Reply(request, "join-publisher-ack");
        Assert.False(join.IsCompleted, "an ack is not the answer of a plugin message");
        janus.Reply(request, "join-publisher-events");
        (long id, IReadOnlyList<long> publishers) = await join;
        Assert.Equal(7066743790418352, id);
        Assert.Empty(publishers);

        Task<string> configure = room.ConfigureAsync(handle, "v=0\r\n", CancellationToken.None);
        request = await janus.NextRequestAsync();
        Assert.Equal("offer", (string)request["jsep"]!["type"]!);
        Assert.Equal("v=0\r\n", (string)request["jsep"]!["sdp"]!);
        janus.Reply(request, "configure-ack");
        janus.Reply(request, "configure-events");
        string answer = await configure;
        Assert.StartsWith("v=0\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=setup:active", answer, StringComparison.Ordinal);
        Assert.Contains("m=video 9 UDP/TLS/RTP/SAVPF 96", answer, StringComparison.Ordinal);
        Assert.Empty(janus.Session.Errors);
    }

    [Fact]
    public async Task KeepaliveCompletesOnItsAck()
    {
        var janus = new RecordedJanus();
        Task keepalive = janus.Session.KeepaliveAsync(CancellationToken.None);
        JsonObject request = await janus.NextRequestAsync();
        Assert.Equal("keepalive", (string)request["janus"]!);
        janus.Reply(request, "keepalive");
        await keepalive;
    }

    [Fact]
    public async Task AnExistingRoomIsReused()
    {
        var janus = new RecordedJanus();
        Task create = new JanusVideoRoom(janus.Session).CreateRoomAsync(RecordedHandle, 4242, 100, CancellationToken.None);
        janus.Reply(await janus.NextRequestAsync(), "create-room-exists");
        await create;
    }

    [Theory]
    [InlineData("session-not-found", 458)]
    [InlineData("unknown-request", 457)]
    public async Task CoreErrorsFailTheRequestWithJanusCode(string fixture, int code)
    {
        var janus = new RecordedJanus();
        Task keepalive = janus.Session.KeepaliveAsync(CancellationToken.None);
        janus.Reply(await janus.NextRequestAsync(), fixture);
        JanusException error = await Assert.ThrowsAsync<JanusException>(() => keepalive);
        Assert.Equal(code, error.Code);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginErrorsFailTheRequestAfterTheAck()
    {
        var janus = new RecordedJanus();
        var room = new JanusVideoRoom(janus.Session);
        var join = room.JoinAsPublisherAsync(RecordedHandle, 4242, "again", CancellationToken.None);
        JsonObject request = await janus.NextRequestAsync();
        janus.Reply(request, "join-twice-ack");
        janus.Reply(request, "join-twice-events");
        JanusException twice = await Assert.ThrowsAsync<JanusException>(() => join);
        Assert.Equal(425, twice.Code);
        Assert.Contains("Already in as a publisher", twice.Reason, StringComparison.Ordinal);

        Task<string> subscribe = room.JoinAsSubscriberAsync(RecordedHandle, 4242, [7066743790418352], CancellationToken.None);
        request = await janus.NextRequestAsync();
        Assert.Equal(7066743790418352, (long)request["body"]!["streams"]![0]!["feed"]!);
        janus.Reply(request, "subscribe-no-such-feed-events");
        Assert.Equal(428, (await Assert.ThrowsAsync<JanusException>(() => subscribe)).Code);
    }

    [Fact]
    public async Task RepliesOutOfOrderAndInterleavedReachTheirOwnRequests()
    {
        var janus = new RecordedJanus();
        var room = new JanusVideoRoom(janus.Session);
        var join = room.JoinAsPublisherAsync(RecordedHandle, 4242, "pub0", CancellationToken.None);
        JsonObject joinRequest = await janus.NextRequestAsync();
        Task<string> configure = room.ConfigureAsync(RecordedHandle, "v=0\r\n", CancellationToken.None);
        JsonObject configureRequest = await janus.NextRequestAsync();
        Task keepalive = janus.Session.KeepaliveAsync(CancellationToken.None);
        JsonObject keepaliveRequest = await janus.NextRequestAsync();

        janus.Reply(configureRequest, "configure-ack");
        janus.Reply(joinRequest, "join-publisher-ack");
        janus.Reply(configureRequest, "configure-events");
        Assert.Contains("a=setup:active", await configure, StringComparison.Ordinal);
        Assert.False(join.IsCompleted);
        janus.Reply(keepaliveRequest, "keepalive");
        await keepalive;
        janus.Session.OnMessage(RecordedJanus.WithTransaction(RecordedJanus.Fixture("join-twice-events"), "someone-else"));
        janus.Reply(joinRequest, "join-publisher-events");
        Assert.Equal(7066743790418352, (await join).Id);

        // The event for a transaction nobody waits for is kept as unsolicited, not matched to a request.
        Assert.Single(janus.Session.Unsolicited);
        janus.Reply(keepaliveRequest, "keepalive");
        Assert.Contains(janus.Session.Errors, e => e.Contains("unknown transaction", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANoReplyTimesOutWithAClearError()
    {
        var janus = new RecordedJanus(TimeSpan.FromMilliseconds(200));
        Task keepalive = janus.Session.KeepaliveAsync(CancellationToken.None);
        await janus.NextRequestAsync();
        JanusException error = await Assert.ThrowsAsync<JanusException>(() => keepalive);
        Assert.Contains("no reply", error.Reason, StringComparison.Ordinal);
    }
}
