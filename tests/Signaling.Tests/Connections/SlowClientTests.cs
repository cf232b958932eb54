using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Signaling.Connections;
using Signaling.Sessions;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Connections;

/// <summary>A client that stops reading until its outbound queue (capacity 4 here) overflows.</summary>
public sealed class SlowClientTests
{
    private readonly SignalingHarness _h = new(options => options.OutboundQueueCapacity = 4);
    private readonly ScriptedWebSocket _socket = new();
    private readonly SignalingConnection _connection;
    private readonly Task _run;
    private SignalingHarness.Client? _alice;

    public SlowClientTests()
    {
        _connection = new SignalingConnection(_socket, "slow", _h.Options, _h.Time, NullLogger.Instance);
        _run = _connection.RunAsync(new SignalingSession(_connection, _h.Services, "slow"), CancellationToken.None);
    }

    [Fact]
    public async Task OverflowDiscardsTheBacklogClosesWithTooSlowAndTheParticipantCanResume()
    {
        await JoinAndOverflowAsync();

        _socket.ReleaseSends(); // the client reads again: the frame in flight goes out, then the close
        await _run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, _socket.SentCloseStatus);
        Assert.Equal("tooSlow", _socket.SentCloseDescription);
        JsonElement joined = JsonDocument.Parse(Assert.Single(_socket.Sent)).RootElement; // the backlog was not sent
        Assert.Equal("joined", joined.GetProperty("type").GetString());

        // A drop like any other: the participant waits for its resume, nobody is told it left.
        Assert.Equal(2, _h.Rooms.FindRoom("room-1")!.Count);
        Assert.Empty(_alice!.Sink.OfType("participantLeft"));
        SignalingHarness.Client back = _h.Connect();
        back.Send(new { type = "join", resumeToken = joined.GetProperty("resumeToken").GetString() });
        JsonElement resumed = back.Sink.Single("joined");
        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        Assert.Equal(joined.GetProperty("participantId").GetString(), resumed.GetProperty("participantId").GetString());
    }

    [Fact]
    public async Task AClientThatNeverReadsAgainIsAbortedAfterTheCloseTimeout()
    {
        await JoinAndOverflowAsync();

        _h.Time.Advance(SignalingConnection.CloseTimeout);
        await _run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(_socket.SentCloseStatus);
        Assert.Empty(_socket.Sent);
        Assert.Contains(_h.Rooms.ListRooms()[0].Participants, p => p.Name == "Slow" && !p.Connected);
    }

    /// <summary>Joins as "Slow", stops reading while <c>joined</c> is being sent, then queues until the queue is full.</summary>
    private async Task JoinAndOverflowAsync()
    {
        _socket.HoldSends();
        _socket.Deliver(JsonSerializer.Serialize(new { type = "join", token = _h.Token(name: "Slow") }));
        await Eventually.TrueAsync(() => _socket.SendsStarted == 1, "joined being sent");

        _alice = _h.Join(name: "Alice"); // participantJoined is queued for Slow
        int accepted = 0;
        while (_connection.TrySend("""{"type":"pong","id":"filler"}"""u8.ToArray()))
        {
            accepted++;
            Assert.True(accepted < 100, "the queue never filled");
        }

        Assert.Equal(3, accepted); // capacity 4, one taken by participantJoined; the frame in flight is not queued
        Assert.False(_connection.TrySend("""{"type":"pong"}"""u8.ToArray()));
    }
}
