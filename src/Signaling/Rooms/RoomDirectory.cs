using Signaling.Limits;
using Signaling.Protocol;

namespace Signaling.Rooms;

/// <summary>
/// The room map and the seats: rooms appear on the first join and disappear when the last participant is gone; a join
/// in progress holds a seat of the server and of its room. Lock order: this directory's lock, then a room's lock.
/// </summary>
internal sealed class RoomDirectory(SignalingOptions options, SeatReclaimer reclaimer)
{

    private readonly object _sync = new();
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    /// <summary>Seats of the server in use: participants of every room and joins in progress (what <c>MaxParticipants</c> caps).</summary>
    private int _serverSeats;

    public int ParticipantCount => Volatile.Read(ref _serverSeats);

    public int RoomCount
    {
        get
        {
            lock (_sync)
            {
                return _rooms.Count;
            }
        }
    }

    public Room? FindRoom(string roomId)
    {
        lock (_sync)
        {
            return _rooms.GetValueOrDefault(roomId);
        }
    }

    /// <summary>Every room with participants (by room id; participants by name), for operators.</summary>
    public IReadOnlyList<RoomSummary> ListRooms()
    {
        Room[] rooms = Snapshot();
        var list = new List<RoomSummary>(rooms.Length);
        foreach (Room room in rooms)
        {
            var participants = new List<ParticipantSummary>();
            lock (room.Sync)
            {
                foreach (Participant participant in room.Participants.Values)
                {
                    participants.Add(new ParticipantSummary { Id = participant.Id, Name = participant.Name, Connected = participant.Sink is not null });
                }
            }

            if (participants.Count > 0)
            {
                participants.Sort(static (a, b) =>
                {
                    int byName = string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
                    return byName != 0 ? byName : string.CompareOrdinal(a.Id, b.Id);
                });
                list.Add(new RoomSummary { Id = room.Id, Participants = participants });
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return list;
    }

    /// <summary>
    /// Takes a seat of the server and of the room for a join in progress, opening the room if needed. When the server,
    /// the room list or the room is full, a participant that is not really there gives up its seat first
    /// (<see cref="SeatReclaimer"/>); the refusal says which limit was hit when none could.
    /// </summary>
    internal (Room? Room, ProtocolError? Refusal) ReserveSeat(string roomId, string participantId)
    {
        if (!TakeServerSeat())
        {
            return (null, new ProtocolError(ErrorCodes.ServerFull, $"the server is full ({options.MaxParticipants} participants); try again later"));
        }

        while (true)
        {
            if (OpenRoom(roomId) is not { } room)
            {
                ReleaseServerSeat();
                return (null, new ProtocolError(ErrorCodes.TooManyRooms, $"the server already runs its maximum of {options.MaxRooms} meetings; try again later"));
            }

            bool full;
            Eviction? eviction = null;
            lock (room.Sync)
            {
                if (room.Closed)
                {
                    continue;
                }

                if (!HasFreeSeatLocked(room, participantId))
                {
                    eviction = reclaimer.ReclaimInRoomLocked(room);
                }

                full = !HasFreeSeatLocked(room, participantId);
                if (!full)
                {
                    room.PendingJoins++;
                }
            }

            if (eviction is { } evicted)
            {
                reclaimer.Finish(evicted, SeatReclaimer.RoomScope);
            }

            if (full)
            {
                ReleaseServerSeat();
                TryCloseRoom(room);
                return (null, RoomFull());
            }

            return (room, null);
        }
    }

    internal ProtocolError RoomFull() =>
        new(ErrorCodes.RoomFull, $"the room is full ({options.MaxParticipantsPerRoom} participants)");

    /// <summary>Under the room lock: a participant rejoining under its own id takes its old seat, not another.</summary>
    private bool HasFreeSeatLocked(Room room, string participantId)
    {
        int others = room.Participants.Count - (room.Participants.ContainsKey(participantId) ? 1 : 0);
        return others + room.PendingJoins < options.MaxParticipantsPerRoom;
    }

    internal bool TakeServerSeat()
    {
        // A seat freed by a reclaim may go to a concurrent join first: a few tries, then the server counts as full.
        for (int attempt = 0; ; attempt++)
        {
            if (BoundedCount.TryIncrement(ref _serverSeats, options.MaxParticipants))
            {
                return true;
            }

            if (attempt == 3 || !reclaimer.ReclaimAnywhere(Snapshot()))
            {
                return false;
            }
        }
    }

    internal void ReleaseServerSeat() => BoundedCount.Decrement(ref _serverSeats);

    /// <summary>The room of <paramref name="roomId"/>, opened when missing; null when that would pass <c>MaxRooms</c>.</summary>
    private Room? OpenRoom(string roomId)
    {
        List<Eviction>? evicted = null;
        Room? room;
        lock (_sync)
        {
            if (!_rooms.TryGetValue(roomId, out room)
                && (_rooms.Count < options.MaxRooms || reclaimer.ReclaimRoomLocked(_rooms, evicted = [])))
            {
                room = new Room(roomId);
                _rooms.Add(roomId, room);
            }
        }

        foreach (Eviction eviction in evicted ?? [])
        {
            reclaimer.Finish(eviction, SeatReclaimer.RoomListScope);
        }

        return room;
    }

    internal Room[] Snapshot()
    {
        lock (_sync)
        {
            return [.. _rooms.Values];
        }
    }

    internal void ReleaseSeat(Room room)
    {
        lock (room.Sync)
        {
            room.PendingJoins--;
        }

        ReleaseServerSeat();
        TryCloseRoom(room);
    }

    internal void TryCloseRoom(Room room)
    {
        lock (_sync)
        {
            lock (room.Sync)
            {
                if (room.Closed || room.Participants.Count > 0 || room.PendingJoins > 0)
                {
                    return;
                }

                room.Closed = true;
                _rooms.Remove(room.Id);
            }
        }
    }
}
