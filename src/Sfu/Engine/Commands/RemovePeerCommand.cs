namespace Sfu.Engine.Commands;

/// <summary>The participant leaves: its producers, consumers and transport go, and an emptied room with them.</summary>
internal sealed class RemovePeerCommand(PeerSession session) : WorkerCommand
{
    internal override void Execute()
    {
        if (session.Participant is { } participant)
        {
            session.Participant = null;
            session.Rooms.Leave(session.RoomId, participant);
        }
    }
}
