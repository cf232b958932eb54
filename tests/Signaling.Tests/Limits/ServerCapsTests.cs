using System.Net.WebSockets;
using System.Text.Json;
using Signaling.Protocol;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Limits;

/// <summary>The server-wide caps and the room cap: each refusal has its own code, and nothing is left behind by it.</summary>
public class ServerCapsTests
{
    [Fact]
    public void AJoinBeyondMaxParticipantsGetsServerFullAndLeavesNoRoom()
    {
        var h = new SignalingHarness(o => o.MaxParticipants = 2);
        h.Present(h.Join(room: "room-a"));
        h.Present(h.Join(room: "room-b", name: "Bob"));

        SignalingHarness.Client carol = h.TryJoin("room-c", "Carol");

        JsonElement error = carol.Sink.Single("error");
        Assert.Equal(ErrorCodes.ServerFull, error.GetProperty("code").GetString());
        Assert.Equal("j", error.GetProperty("id").GetString());
        Assert.Contains("2 participants", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(carol.Sink.ClosedWith); // a refusal for capacity leaves the connection usable for a later try
        Assert.Equal(2, h.Rooms.RoomCount);
        Assert.Equal(2, h.Rooms.ParticipantCount);
    }

    [Fact]
    public void AJoinThatWouldOpenARoomBeyondMaxRoomsGetsTooManyRoomsButExistingRoomsStillFill()
    {
        var h = new SignalingHarness(o => o.MaxRooms = 1);
        h.Present(h.Join(room: "room-a"));

        SignalingHarness.Client bob = h.TryJoin("room-b", "Bob");
        Assert.Equal(ErrorCodes.TooManyRooms, bob.Sink.Single("error").GetProperty("code").GetString());
        Assert.Null(h.Rooms.FindRoom("room-b"));
        Assert.Equal(1, h.Rooms.ParticipantCount);

        bob.Send(new { type = "join", token = h.Token("room-a", "Bob") });
        Assert.Single(bob.Sink.OfType("joined"));
        Assert.Equal(2, h.Rooms.ParticipantCount);
    }

    [Fact]
    public void AFullRoomStillAnswersRoomFullWhenEveryoneIsReallyThere()
    {
        var h = new SignalingHarness(o => o.MaxParticipantsPerRoom = 2);
        h.Present(h.Join());
        h.Present(h.Join(name: "Bob"));
        h.Time.Advance(TimeSpan.FromMinutes(5));

        SignalingHarness.Client carol = h.TryJoin("room-1", "Carol");

        Assert.Equal(ErrorCodes.RoomFull, carol.Sink.Single("error").GetProperty("code").GetString());
        Assert.Equal(2, h.Rooms.ParticipantCount);
    }

    [Fact]
    public void SeatsOfTheServerAreGivenBackOnEveryWayOut()
    {
        var h = new SignalingHarness(o => o.MaxParticipants = 1);
        SignalingHarness.Client alice = h.Join();
        alice.Send(new { type = "leave" });
        SignalingHarness.Client bob = h.Join(name: "Bob");
        bob.Drop();
        h.Time.Advance(h.Options.ReconnectGrace + TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Rooms.ParticipantCount);

        h.Engine.CreatePeerThrows = new InvalidOperationException("engine down");
        SignalingHarness.Client carol = h.TryJoin("room-1", "Carol");
        Assert.Equal(ErrorCodes.NegotiationFailed, carol.Sink.Single("error").GetProperty("code").GetString());
        Assert.Equal(0, h.Rooms.ParticipantCount);

        h.Engine.CreatePeerThrows = null;
        h.Present(h.Join(name: "Dave"));
        Assert.True(h.Rooms.Kick("room-1", h.Rooms.FindRoom("room-1")!.ParticipantIds()[0]));
        Assert.Equal(0, h.Rooms.ParticipantCount);
        h.Present(h.Join(name: "Erin"));
        Assert.Equal(1, h.Rooms.EndMeeting("room-1"));
        Assert.Equal(0, h.Rooms.ParticipantCount);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, alice.Sink.ClosedWith);
    }
}
