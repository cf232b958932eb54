namespace Signaling.Rooms;

/// <summary>The room map: rooms appear on the first join and disappear when the last participant is gone.</summary>
public sealed partial class RoomRegistry
{
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
        Room[] rooms;
        lock (_sync)
        {
            rooms = [.. _rooms.Values];
        }

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

    private Room ReserveSeat(string roomId, string participantId, out bool full)
    {
        while (true)
        {
            Room room;
            lock (_sync)
            {
                if (!_rooms.TryGetValue(roomId, out room!))
                {
                    room = new Room(roomId);
                    _rooms.Add(roomId, room);
                }
            }

            lock (room.Sync)
            {
                if (room.Closed)
                {
                    continue;
                }

                int others = room.Participants.Count - (room.Participants.ContainsKey(participantId) ? 1 : 0);
                full = others + room.PendingJoins >= _options.MaxParticipantsPerRoom;
                if (!full)
                {
                    room.PendingJoins++;
                }
            }

            if (full)
            {
                TryCloseRoom(room);
            }

            return room;
        }
    }

    private void ReleaseSeat(Room room)
    {
        lock (room.Sync)
        {
            room.PendingJoins--;
        }

        TryCloseRoom(room);
    }

    private void TryCloseRoom(Room room)
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
