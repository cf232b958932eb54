namespace Sfu.Engine;

/// <summary>
/// Which media worker each room lives on. A room is placed on the worker with the fewest participants when its first
/// participant arrives, and stays there until its last session is released, so every participant of a room shares one
/// worker (one owner thread per room). A control-path lock guards the map; the packet path never touches it.
/// </summary>
public sealed class RoomPlacement
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Placement> _rooms = new(StringComparer.Ordinal);
    private readonly int[] _participantsPerWorker;

    public RoomPlacement(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _participantsPerWorker = new int[workers];
    }

    /// <summary>Takes a seat in <paramref name="roomId"/> and returns its worker (placing the room first if it is new).</summary>
    public int Acquire(string roomId)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out Placement placement))
            {
                placement = new Placement(LeastLoadedWorker(), 0);
            }

            _rooms[roomId] = placement with { Sessions = placement.Sessions + 1 };
            _participantsPerWorker[placement.Worker]++;
            return placement.Worker;
        }
    }

    /// <summary>Gives a seat back; the room forgets its worker when its last seat goes.</summary>
    public void Release(string roomId)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out Placement placement))
            {
                return;
            }

            _participantsPerWorker[placement.Worker]--;
            if (placement.Sessions <= 1)
            {
                _rooms.Remove(roomId);
            }
            else
            {
                _rooms[roomId] = placement with { Sessions = placement.Sessions - 1 };
            }
        }
    }

    /// <summary>The worker of a placed room, or -1.</summary>
    public int WorkerOf(string roomId)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(roomId, out Placement placement) ? placement.Worker : -1;
        }
    }

    private int LeastLoadedWorker()
    {
        int best = 0;
        for (int i = 1; i < _participantsPerWorker.Length; i++)
        {
            if (_participantsPerWorker[i] < _participantsPerWorker[best])
            {
                best = i;
            }
        }

        return best;
    }

    private readonly record struct Placement(int Worker, int Sessions);
}
