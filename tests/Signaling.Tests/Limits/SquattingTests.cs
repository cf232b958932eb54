using Signaling.Protocol;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Limits;

/// <summary>
/// The attack found on main: hundreds of join-and-drop loops (and joins that never connect media) held every seat, and
/// 17 of 1,000 real joins got in. Now a real joiner always gets a seat from them, at once or once their media timed out.
/// </summary>
public class SquattingTests
{
    private const int MaxPerRoom = 25;
    private const int MaxParticipants = 100;
    private const int MaxRooms = 10;

    private readonly SignalingHarness _h = new(o =>
    {
        o.MaxParticipantsPerRoom = MaxPerRoom;
        o.MaxParticipants = MaxParticipants;
        o.MaxRooms = MaxRooms;
    });

    [Fact]
    public void HundredsOfJoinsWhoseSocketsDropAtOnceKeepNoRealJoinerOut()
    {
        // 400 tries fill all 100 seats of the server in its 10 rooms (the rest are refused), then every socket drops.
        List<SignalingHarness.Client> squatters = [.. Enumerable.Range(0, 400).Select(i => Squat("squat-" + (i % 40)))];
        Assert.Equal(MaxParticipants, _h.Rooms.ParticipantCount);
        foreach (SignalingHarness.Client squatter in squatters)
        {
            squatter.Drop();
        }

        // Half into squatted rooms, half into new rooms (10 rooms in all, the cap), until the server is full of real
        // people: every one of them gets a seat. Beyond that the server is full for real, and says so.
        for (int i = 0; i < 2 * MaxParticipants; i++)
        {
            string room = (i % 2 == 0 ? "squat-" : "real-") + (i / 2 % (MaxRooms / 2));
            SignalingHarness.Client real = _h.TryJoin(room, "Real " + i);
            if (i < MaxParticipants)
            {
                Assert.Single(real.Sink.OfType("joined"));
                _h.Present(real);
            }
            else
            {
                Assert.Equal(ErrorCodes.ServerFull, real.LastErrorCode());
            }
        }

        Assert.All(squatters, s => Assert.True(s.ParticipantId == "" || _h.Engine.Peer(s.ParticipantId).Disposed));

        Assert.True(_h.Rooms.ParticipantCount <= MaxParticipants);
        Assert.True(_h.Rooms.RoomCount <= MaxRooms);
    }

    [Fact]
    public void JoinsThatNeverConnectMediaHoldSeatsOnlyUntilTheMediaTimeout()
    {
        // Sockets stay open, media never connects: these look like people until MediaConnectTimeout has passed.
        for (int i = 0; i < 300; i++)
        {
            Squat("squat-" + (i % 20));
        }

        Assert.Equal(MaxParticipants, _h.Rooms.ParticipantCount);
        SignalingHarness.Client early = _h.TryJoin("real-room", "Early");
        Assert.Contains(early.LastErrorCode(), new[] { ErrorCodes.ServerFull, ErrorCodes.TooManyRooms });

        _h.Time.Advance(_h.Options.MediaConnectTimeout);
        for (int i = 0; i < MaxPerRoom; i++)
        {
            Assert.Single(_h.Present(_h.Join("real-room", "Real " + i)).Sink.OfType("joined"));
        }

        Assert.Equal(MaxPerRoom, _h.Rooms.FindRoom("real-room")!.Count);
    }

    [Fact]
    public void AJoinAndDropLoopInTheRealMeetingsRoomNeverTakesTheLastSeat()
    {
        SignalingHarness.Client[] people = [.. Enumerable.Range(0, MaxPerRoom - 1).Select(i => _h.Present(_h.Join("meeting", "Person " + i)))];

        for (int i = 0; i < 500; i++)
        {
            Squat("meeting").Drop();
        }

        SignalingHarness.Client late = _h.Present(_h.Join("meeting", "Late"));
        Assert.Single(late.Sink.OfType("joined"));
        Assert.Equal(MaxPerRoom, _h.Rooms.FindRoom("meeting")!.Count);
        IReadOnlyList<string> seated = _h.Rooms.FindRoom("meeting")!.ParticipantIds();
        Assert.All(people, p => Assert.Contains(p.ParticipantId, seated));
    }

    private SignalingHarness.Client Squat(string room) => _h.TryJoin(room, "Squatter");
}
