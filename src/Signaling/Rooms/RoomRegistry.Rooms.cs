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
