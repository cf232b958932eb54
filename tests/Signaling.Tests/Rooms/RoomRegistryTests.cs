using System.Net.WebSockets;
using System.Text.Json;
using Signaling.Protocol;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Rooms;

public class RoomRegistryTests
{
    private readonly SignalingHarness _h = new();

    [Fact]
    public void JoinAnnouncesBothWays()
    {
        var alice = _h.Join(name: "Alice");
        var bob = _h.Join(name: "Bob");

        JsonElement joined = bob.Sink.Single("joined");
        Assert.False(joined.GetProperty("resumed").GetBoolean());
        Assert.Equal("room-1", joined.GetProperty("room").GetString());
        Assert.Equal("Bob", joined.GetProperty("name").GetString());
        JsonElement other = Assert.Single(joined.GetProperty("participants").EnumerateArray());
        Assert.Equal(alice.ParticipantId, other.GetProperty("id").GetString());
        Assert.Equal("Alice", other.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Array, joined.GetProperty("iceServers").ValueKind);

        JsonElement announced = alice.Sink.Single("participantJoined");
        Assert.Equal(bob.ParticipantId, announced.GetProperty("participantId").GetString());
        Assert.Equal("Bob", announced.GetProperty("name").GetString());
        Assert.NotEqual(alice.ParticipantId, bob.ParticipantId);
        Assert.Equal([$"CreatePeer room-1 {alice.ParticipantId}", $"CreatePeer room-1 {bob.ParticipantId}"], _h.Engine.CallsSnapshot());
    }

    [Fact]
    public void RoomsAreSeparate()
    {
        var alice = _h.Join(room: "room-1");
        var bob = _h.Join(room: "room-2");

        Assert.Empty(bob.Sink.Single("joined").GetProperty("participants").EnumerateArray());
        Assert.Empty(alice.Sink.OfType("participantJoined"));
        Assert.Equal(2, _h.Rooms.RoomCount);
    }

    [Fact]
    public void LeaveRemovesDisposesAndCloses()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");
        bob.Send(new { type = "leave" });

        JsonElement left = alice.Sink.Single("participantLeft");
        Assert.Equal(bob.ParticipantId, left.GetProperty("participantId").GetString());
        Assert.Equal("left", left.GetProperty("reason").GetString());
        Assert.True(_h.Engine.Peer(bob.ParticipantId).Disposed);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, bob.Sink.ClosedWith);
        Assert.Equal([alice.ParticipantId], _h.Rooms.FindRoom("room-1")!.ParticipantIds());
    }

    [Fact]
    public void EmptyRoomIsDropped()
    {
        var alice = _h.Join();
        Assert.Equal(1, _h.Rooms.RoomCount);

        alice.Send(new { type = "leave" });

        Assert.Equal(0, _h.Rooms.RoomCount);
        Assert.Null(_h.Rooms.FindRoom("room-1"));
    }

    [Fact]
    public void ResumeWithinGraceKeepsTheParticipantSilently()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");
        alice.Sink.Clear();

        bob.Drop();
        _h.Time.Advance(TimeSpan.FromSeconds(14));
        var bobAgain = _h.Connect();
        bobAgain.Send(new { type = "join", id = "j2", resumeToken = bob.ResumeToken });

        JsonElement joined = bobAgain.Sink.Single("joined");
        Assert.True(joined.GetProperty("resumed").GetBoolean());
        Assert.Equal("j2", joined.GetProperty("id").GetString());
        Assert.Equal(bob.ParticipantId, joined.GetProperty("participantId").GetString());
        Assert.Equal(bob.ResumeToken, joined.GetProperty("resumeToken").GetString());
        Assert.Single(joined.GetProperty("participants").EnumerateArray());

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(alice.Sink.Messages);
        Assert.False(_h.Engine.Peer(bob.ParticipantId).Disposed);
        Assert.Single(_h.Engine.CallsSnapshot(), c => c.StartsWith("CreatePeer", StringComparison.Ordinal) && c.EndsWith(bob.ParticipantId, StringComparison.Ordinal));

        bobAgain.Send(new { type = "chat", text = "back" });
        Assert.Equal("back", alice.Sink.Single("chat").GetProperty("text").GetString());
    }

    [Fact]
    public void GraceExpiryRemovesTheParticipant()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");

        bob.Drop();
        _h.Time.Advance(TimeSpan.FromSeconds(14.9));
        Assert.Empty(alice.Sink.OfType("participantLeft"));

        _h.Time.Advance(TimeSpan.FromSeconds(0.1));
        JsonElement left = alice.Sink.Single("participantLeft");
        Assert.Equal(bob.ParticipantId, left.GetProperty("participantId").GetString());
        Assert.Equal("disconnected", left.GetProperty("reason").GetString());
        Assert.True(_h.Engine.Peer(bob.ParticipantId).Disposed);
        Assert.Equal(0, _h.Time.ActiveTimers);
    }

    [Fact]
    public void ResumeAfterGraceNeedsAFreshJoin()
    {
        var bob = _h.Join(name: "Bob");
        bob.Drop();
        _h.Time.Advance(TimeSpan.FromSeconds(16));

        var onlyResume = _h.Connect();
        onlyResume.Send(new { type = "join", resumeToken = bob.ResumeToken });
        Assert.Equal(ErrorCodes.Unauthorized, onlyResume.Sink.Single("error").GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, onlyResume.Sink.ClosedWith);

        var withToken = _h.Connect();
        withToken.Send(new { type = "join", resumeToken = bob.ResumeToken, token = _h.Token(name: "Bob") });
        JsonElement joined = withToken.Sink.Single("joined");
        Assert.False(joined.GetProperty("resumed").GetBoolean());
        Assert.NotEqual(bob.ParticipantId, joined.GetProperty("participantId").GetString());
    }

    [Fact]
    public void EachDropStartsAFreshGracePeriod()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");
        bob.Drop();
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        var second = _h.Connect();
        second.Send(new { type = "join", resumeToken = bob.ResumeToken });
        second.Drop();

        _h.Time.Advance(TimeSpan.FromSeconds(10)); // 20 s after the first drop, 10 s after the second
        Assert.Empty(alice.Sink.OfType("participantLeft"));

        _h.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(alice.Sink.OfType("participantLeft"));
    }

    [Fact]
    public void ResumeInAnotherRoomIsRefused()
    {
        var bob = _h.Join(room: "room-1");
        bob.Drop();

        var other = _h.Connect();
        other.Send(new { type = "join", resumeToken = bob.ResumeToken, token = _h.Token(room: "room-2") });

        JsonElement joined = other.Sink.Single("joined");
        Assert.Equal("room-2", joined.GetProperty("room").GetString());
        Assert.False(joined.GetProperty("resumed").GetBoolean());
    }

    [Fact]
    public void ResumeWhileTheOldSocketLingersReplacesIt()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");
        var bobNew = _h.Connect();
        bobNew.Send(new { type = "join", resumeToken = bob.ResumeToken });

        Assert.Equal("replaced", bob.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, bob.Sink.ClosedWith);
        Assert.True(bobNew.Sink.Single("joined").GetProperty("resumed").GetBoolean());

        // The old socket's late close must not detach the new one.
        bob.Drop();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(alice.Sink.OfType("participantLeft"));
        Assert.False(_h.Engine.Peer(bob.ParticipantId).Disposed);
    }

    [Fact]
    public void ServerOfferMadeWhileDetachedIsDeliveredOnResume()
    {
        var bob = _h.Join(name: "Bob");
        bob.Drop();
        _h.Engine.Peer(bob.ParticipantId).Observer.OnServerOffer("v=0\r\ns=while-away\r\n");

        var bobNew = _h.Connect();
        bobNew.Send(new { type = "join", resumeToken = bob.ResumeToken });

        Assert.Equal(["joined", "offer"], bobNew.Sink.Types());
        Assert.Equal("v=0\r\ns=while-away\r\n", bobNew.Sink.Last.GetProperty("sdp").GetString());
    }

    [Fact]
    public void FullRoomRefusesAndTheConnectionStaysUsable()
    {
        var h = new SignalingHarness(o => o.MaxParticipantsPerRoom = 2);
        h.Join();
        h.Join(name: "Bob");
        var carol = h.Connect();
        carol.Send(new { type = "join", id = "j", token = h.Token(name: "Carol") });

        JsonElement error = carol.Sink.Single("error");
        Assert.Equal(ErrorCodes.RoomFull, error.GetProperty("code").GetString());
        Assert.Equal("j", error.GetProperty("id").GetString());
        Assert.Null(carol.Sink.ClosedWith);
        Assert.Equal(2, h.Engine.CallsSnapshot().Length);

        carol.Send(new { type = "ping", id = "p" });
        Assert.Equal("pong", carol.Sink.Last.GetProperty("type").GetString());
        carol.Send(new { type = "join", token = h.Token(room: "room-2", name: "Carol") });
        Assert.Single(carol.Sink.OfType("joined"));
    }

    [Fact]
    public void SameParticipantIdTakesOver()
    {
        var alice = _h.Join();
        var first = _h.Join(name: "Bob", participantId: "user-7");
        var second = _h.Join(name: "Bob", participantId: "user-7");

        Assert.Equal("user-7", second.ParticipantId);
        Assert.Equal("replaced", first.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.Equal(["joined", "participantJoined", "participantLeft", "participantJoined"], alice.Sink.Types());
        Assert.Equal("replaced", alice.Sink.Single("participantLeft").GetProperty("reason").GetString());
        Assert.Equal(2, _h.Rooms.FindRoom("room-1")!.Count);
    }

    [Fact]
    public async Task TransportClosedRemovesTheParticipant()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");

        _h.Engine.Peer(bob.ParticipantId).Observer.OnTransportClosed("ICE consent expired");

        await Eventually.TrueAsync(() => alice.Sink.OfType("participantLeft").Count == 1, "participantLeft");
        Assert.Equal("transportClosed", alice.Sink.Single("participantLeft").GetProperty("reason").GetString());
        Assert.Equal("transportClosed", bob.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.True(_h.Engine.Peer(bob.ParticipantId).Disposed);
    }

    [Fact]
    public void KickAndEndMeeting()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");
        var carol = _h.Join(name: "Carol");

        Assert.True(_h.Rooms.Kick("room-1", bob.ParticipantId));
        Assert.Equal("kicked", bob.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.Equal("kicked", alice.Sink.Single("participantLeft").GetProperty("reason").GetString());
        Assert.False(_h.Rooms.Kick("room-1", bob.ParticipantId));

        Assert.Equal(2, _h.Rooms.EndMeeting("room-1"));
        Assert.Equal("meetingEnded", alice.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.Equal("meetingEnded", carol.Sink.Single("leave").GetProperty("reason").GetString());
        Assert.Equal(0, _h.Rooms.RoomCount);
        Assert.All(_h.Engine.Peers.Values, peer => Assert.True(peer.Disposed));

        int aliceSaw = alice.Sink.Messages.Count;
        bob.Send(new { type = "chat", text = "still here?" });
        Assert.Equal(aliceSaw, alice.Sink.Messages.Count);
    }

    [Fact]
    public void ActiveSpeakerIsForwardedOncePerChange()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");

        // The engine may tell every participant's observer; the room forwards a change once.
        _h.Engine.Peer(alice.ParticipantId).Observer.OnActiveSpeaker(bob.ParticipantId);
        _h.Engine.Peer(bob.ParticipantId).Observer.OnActiveSpeaker(bob.ParticipantId);
        _h.Engine.Peer(bob.ParticipantId).Observer.OnActiveSpeaker("nobody");

        Assert.Equal(bob.ParticipantId, alice.Sink.Single("activeSpeaker").GetProperty("participantId").GetString());
        Assert.Equal(bob.ParticipantId, bob.Sink.Single("activeSpeaker").GetProperty("participantId").GetString());

        var carol = _h.Join(name: "Carol");
        Assert.Equal(bob.ParticipantId, carol.Sink.Single("joined").GetProperty("activeSpeaker").GetString());
    }

    [Fact]
    public void FailedCreatePeerIsReportedAndReleasesTheRoom()
    {
        _h.Engine.CreatePeerThrows = new InvalidOperationException("no ports");
        var alice = _h.Connect();
        alice.Send(new { type = "join", token = _h.Token() });

        Assert.Equal(ErrorCodes.NegotiationFailed, alice.Sink.Single("error").GetProperty("code").GetString());
        Assert.Equal(0, _h.Rooms.RoomCount);
    }
}
