using System.Net.WebSockets;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Rooms;

/// <summary>Server shutdown and the memory of server-initiated leaves, on the registry (fake clock, no sockets).</summary>
public sealed class ServerLeaveTests
{
    private readonly SignalingHarness _h = new();

    [Fact]
    public void ShutDownTellsEveryoneOnceAndTurnsLaterJoinsAndResumesAway()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");
        bob.Drop();

        Assert.Equal(2, _h.Rooms.ShutDown());
        Assert.Equal(0, _h.Rooms.ShutDown());

        Assert.Equal("serverShutdown", alice.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, alice.Sink.ClosedWith);
        Assert.Empty(alice.Sink.OfType("participantLeft"));
        Assert.All(_h.Engine.Peers.Values, peer => Assert.True(peer.Disposed));
        Assert.Equal(0, _h.Rooms.RoomCount);

        var late = _h.Connect();
        late.Send(new { type = "join", token = _h.Token(name: "Late") });
        var resuming = _h.Connect();
        resuming.Send(new { type = "join", token = _h.Token(name: "Bob"), resumeToken = bob.ResumeToken });

        foreach (var refused in new[] { late, resuming })
        {
            Assert.Equal(["leave"], refused.Sink.Types());
            Assert.Equal("serverShutdown", refused.Sink.Single("leave").GetProperty("reason").GetString());
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, refused.Sink.ClosedWith);
        }

        Assert.Equal(0, _h.Rooms.RoomCount);
    }

    [Fact]
    public void AKickIsRememberedForTheGracePeriodOnly()
    {
        var alice = _h.Join();
        alice.Drop();
        Assert.True(_h.Rooms.Kick("room-1", alice.ParticipantId));
        Assert.Equal("kicked", _h.Rooms.DepartureReason(alice.ResumeToken));

        _h.Time.Advance(_h.Options.ReconnectGrace + TimeSpan.FromSeconds(1));

        // Past the grace period a resume could not have succeeded anyway: a valid token simply joins afresh.
        Assert.Null(_h.Rooms.DepartureReason(alice.ResumeToken));
        var back = _h.Connect();
        back.Send(new { type = "join", token = _h.Token(), resumeToken = alice.ResumeToken });
        Assert.False(back.Sink.Single("joined").GetProperty("resumed").GetBoolean());
    }
}
