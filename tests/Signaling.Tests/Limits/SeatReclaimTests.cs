using System.Net.WebSockets;
using System.Text.Json;
using Signaling.Protocol;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Limits;

/// <summary>
/// A join that would be refused as full first takes the seat of a participant that is not really there: one whose
/// socket dropped (grace period), or one whose media has not connected within MediaConnectTimeout.
/// </summary>
public class SeatReclaimTests
{
    [Fact]
    public void ADroppedParticipantGivesItsSeatToAJoinerAndTheRoomIsTold()
    {
        var h = new SignalingHarness(o => o.MaxParticipantsPerRoom = 2);
        SignalingHarness.Client alice = h.Present(h.Join());
        SignalingHarness.Client bob = h.Present(h.Join(name: "Bob"));
        bob.Drop();

        SignalingHarness.Client carol = h.Join(name: "Carol");

        Assert.Single(carol.Sink.OfType("joined"));
        JsonElement left = alice.Sink.Single("participantLeft");
        Assert.Equal(bob.ParticipantId, left.GetProperty("participantId").GetString());
        Assert.Equal(LeaveReasons.Disconnected, left.GetProperty("reason").GetString());
        Assert.True(h.Engine.Peer(bob.ParticipantId).Disposed);
        Assert.Equal(new[] { alice.ParticipantId, carol.ParticipantId }.Order(), h.Rooms.FindRoom("room-1")!.ParticipantIds().Order());

        // Its resume finds nothing to resume: without a valid token it is refused like any unknown resume token.
        SignalingHarness.Client back = h.Connect();
        back.Send(new { type = "join", resumeToken = bob.ResumeToken });
        Assert.Equal(ErrorCodes.Unauthorized, back.Sink.Single("error").GetProperty("code").GetString());
    }

    [Fact]
    public void AParticipantWhoseMediaNeverConnectedKeepsItsSeatUntilTheTimeoutThenGivesItUp()
    {
        var h = new SignalingHarness(o => o.MaxParticipantsPerRoom = 2);
        SignalingHarness.Client alice = h.Present(h.Join());
        SignalingHarness.Client bob = h.Join(name: "Bob");

        h.Time.Advance(h.Options.MediaConnectTimeout - TimeSpan.FromSeconds(1));
        SignalingHarness.Client carol = h.TryJoin("room-1", "Carol");
        Assert.Equal(ErrorCodes.RoomFull, carol.Sink.Single("error").GetProperty("code").GetString());

        h.Time.Advance(TimeSpan.FromSeconds(1));
        carol.Send(new { type = "join", token = h.Token(name: "Carol") });

        Assert.Single(carol.Sink.OfType("joined"));
        Assert.Equal(LeaveReasons.MediaTimeout, bob.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, bob.Sink.ClosedWith);
        Assert.Equal(LeaveReasons.MediaTimeout, alice.Sink.Single("participantLeft").GetProperty("reason").GetString());
        Assert.True(h.Engine.Peer(bob.ParticipantId).Disposed);
        Assert.Equal(2, h.Rooms.ParticipantCount);
    }

    [Fact]
    public void NobodyIsRemovedWhileThereIsRoom()
    {
        var h = new SignalingHarness(o => o.MaxParticipantsPerRoom = 3);
        SignalingHarness.Client alice = h.Present(h.Join());
        SignalingHarness.Client bob = h.Join(name: "Bob");
        bob.Drop();
        h.Time.Advance(h.Options.MediaConnectTimeout);

        h.Join(name: "Carol");

        Assert.Empty(alice.Sink.OfType("participantLeft"));
        Assert.Equal(3, h.Rooms.FindRoom("room-1")!.Count);
    }

    [Fact]
    public void TheSeatLeastInUseGoesFirst()
    {
        var h = new SignalingHarness(o => o.MaxParticipantsPerRoom = 3);
        SignalingHarness.Client reconnecting = h.Present(h.Join(name: "Reconnecting"));
        SignalingHarness.Client silent = h.Join(name: "Silent");
        SignalingHarness.Client vanished = h.Join(name: "Vanished");
        reconnecting.Drop();
        vanished.Drop();
        h.Time.Advance(h.Options.MediaConnectTimeout);

        // Dropped and never had media, then media timed out, then a participant reconnecting after its media worked.
        string[] order = [.. Enumerable.Range(0, 3).Select(i => RemovedBy(h, "Joiner" + i))];

        Assert.Equal([vanished.ParticipantId, silent.ParticipantId, reconnecting.ParticipantId], order);
    }

    [Fact]
    public void AFullServerTakesTheSeatFromAnotherRoomAndDropsTheRoomItEmptied()
    {
        var h = new SignalingHarness(o => o.MaxParticipants = 2);
        h.Present(h.Join(room: "room-a"));
        h.Join(room: "room-b", name: "Bob").Drop();

        SignalingHarness.Client carol = h.Join(room: "room-c", name: "Carol");

        Assert.Single(carol.Sink.OfType("joined"));
        Assert.Null(h.Rooms.FindRoom("room-b"));
        Assert.Equal(2, h.Rooms.RoomCount);
        Assert.Equal(2, h.Rooms.ParticipantCount);
    }

    [Fact]
    public void TooManyRoomsClosesARoomWhereNobodyIsReallyThere()
    {
        var h = new SignalingHarness(o => o.MaxRooms = 2);
        h.Present(h.Join(room: "room-a"));
        SignalingHarness.Client bob = h.Join(room: "room-b", name: "Bob");
        SignalingHarness.Client dropped = h.Join(room: "room-b", name: "Dropped");
        dropped.Drop();

        SignalingHarness.Client carol = h.TryJoin("room-c", "Carol");
        Assert.Equal(ErrorCodes.TooManyRooms, carol.Sink.Single("error").GetProperty("code").GetString());

        h.Time.Advance(h.Options.MediaConnectTimeout);
        carol.Send(new { type = "join", token = h.Token("room-c", "Carol") });

        Assert.Single(carol.Sink.OfType("joined"));
        Assert.Null(h.Rooms.FindRoom("room-b"));
        Assert.Equal(LeaveReasons.MediaTimeout, bob.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.Empty(bob.Sink.OfType("participantLeft")); // the whole room went at once
        Assert.NotNull(h.Rooms.FindRoom("room-a"));
        Assert.Equal(2, h.Rooms.ParticipantCount);
    }

    /// <summary>A join into the full room; returns the id of the participant that made way for it.</summary>
    private static string RemovedBy(SignalingHarness h, string name)
    {
        string[] before = [.. h.Rooms.FindRoom("room-1")!.ParticipantIds()];
        h.Present(h.Join(name: name));
        return Assert.Single(before.Except(h.Rooms.FindRoom("room-1")!.ParticipantIds()));
    }
}
