using System.Diagnostics;
using System.Net;
using Sfu.Diagnostics;
using Sfu.Routing;
using Sfu.Transport;

namespace Sfu.Engine;

/// <summary>
/// Everything one media worker owns: its rooms (routers), their participants, its transports and the routing context they
/// share. Touched only on the worker thread (asserted in debug builds); commands from other threads reach it through the
/// worker's queue. Packets enter through <see cref="OnDatagram"/>, timers through <see cref="OnTick"/>.
/// </summary>
internal sealed class WorkerRooms : IDatagramHandler
{
    private readonly Dictionary<string, Router> _rooms = new(StringComparer.Ordinal);
    private readonly DatagramDispatcher _dispatcher;
    private readonly Func<bool> _isOwnerThread;
    private List<string>? _emptied;

    /// <param name="isOwnerThread">Tells whether the calling thread owns this state (the worker's thread; tests pass their own).</param>
    public WorkerRooms(int index, PortContext port, RoutingContext routing, PeerEventQueue events, Func<bool> isOwnerThread)
    {
        Index = index;
        Port = port;
        Routing = routing;
        Events = events;
        _isOwnerThread = isOwnerThread;
        _dispatcher = new DatagramDispatcher(port.Transports);
    }

    public int Index { get; }

    public PortContext Port { get; }

    public RoutingContext Routing { get; }

    internal PeerEventQueue Events { get; }

    public int RoomCount => _rooms.Count;

    /// <summary>Creates the participant (and its room on first use) and its transport.</summary>
    public Participant Join(string roomId, string participantId, IParticipantListener listener)
    {
        AssertOwnerThread();
        var participant = new Participant(participantId, listener, Routing, transportListener =>
        {
            var transport = new WebRtcTransport(Port, transportListener, participantId);
            Port.Transports.Add(transport);
            return transport;
        });
        if (!_rooms.TryGetValue(roomId, out Router? room))
        {
            room = new Router(roomId, Routing.DynacastPauseDelayTicks);
            _rooms.Add(roomId, room);
        }

        room.Add(participant);
        return participant;
    }

    /// <summary>The loudest participant of a room on this worker, if any.</summary>
    public string? ActiveSpeakerOf(string roomId)
    {
        AssertOwnerThread();
        return _rooms.TryGetValue(roomId, out Router? room) ? room.ActiveSpeaker : null;
    }

    /// <summary>Removes the participant with its producers, consumers and transport; an emptied room goes with it.</summary>
    public void Leave(string roomId, Participant participant)
    {
        AssertOwnerThread();
        if (_rooms.TryGetValue(roomId, out Router? room))
        {
            room.Remove(participant);
            if (room.IsEmpty)
            {
                _rooms.Remove(roomId);
            }
        }
    }

    /// <summary>Closes every participant of every room (graceful shutdown); returns how many there were.</summary>
    public (int Participants, int Rooms) CloseAll()
    {
        AssertOwnerThread();
        int participants = 0;
        int rooms = _rooms.Count;
        foreach (Router room in _rooms.Values)
        {
            for (int i = room.Participants.Count - 1; i >= 0; i--)
            {
                participants++;
                room.Remove(room.Participants[i]);
            }
        }

        _rooms.Clear();
        return (participants, rooms);
    }

    public WorkerStats CollectStats(long datagramsReceived)
    {
        AssertOwnerThread();
        int participants = 0;
        int producers = 0;
        int consumers = 0;
        foreach (Router room in _rooms.Values)
        {
            foreach (Participant participant in room.Participants)
            {
                participants++;
                producers += participant.ProducerCount;
                consumers += participant.ConsumerCount;
            }
        }

        return new WorkerStats(Index, _rooms.Count, participants, producers, consumers, datagramsReceived, Port.RtpPacketsSent, ThreadCpuClock.Now());
    }

    public void OnDatagram(Span<byte> datagram, SocketAddress from, long nowTicks)
    {
        AssertOwnerThread();
        _dispatcher.Dispatch(datagram, from, nowTicks);
    }

    public void OnTick(long nowTicks)
    {
        AssertOwnerThread();
        foreach (KeyValuePair<string, Router> entry in _rooms)
        {
            entry.Value.Tick(nowTicks);
            if (entry.Value.IsEmpty)
            {
                (_emptied ??= []).Add(entry.Key);
            }
        }

        if (_emptied is { Count: > 0 })
        {
            foreach (string roomId in _emptied)
            {
                _rooms.Remove(roomId);
            }

            _emptied.Clear();
        }
    }

    [Conditional("DEBUG")]
    private void AssertOwnerThread() =>
        Debug.Assert(_isOwnerThread(), $"worker {Index}'s rooms were touched from thread {Environment.CurrentManagedThreadId}, not their worker");
}
