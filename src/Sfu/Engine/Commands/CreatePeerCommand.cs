namespace Sfu.Engine.Commands;

/// <summary>Creates a participant (and its room on first use) on the worker that owns the room.</summary>
internal sealed class CreatePeerCommand(PeerSession session, IPeerSessionObserver observer) : WorkerCommand
{
    private readonly TaskCompletionSource<IPeerSession> _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IPeerSession> Completion => _created.Task;

    internal override void Execute()
    {
        WorkerRooms rooms = session.Rooms;
        session.Participant = rooms.Join(session.RoomId, session.ParticipantId, new QueuedParticipantListener(rooms.Events, observer));
        _created.TrySetResult(session);
    }

    /// <summary>The engine is stopping: the caller's await ends as cancelled, and no participant was created.</summary>
    internal override void Abandon() => _created.TrySetCanceled();
}
