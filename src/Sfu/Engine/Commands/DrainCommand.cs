using Microsoft.Extensions.Logging;
using Sfu.Diagnostics;

namespace Sfu.Engine.Commands;

/// <summary>Graceful shutdown of one worker: every participant leaves (transports closed, DTLS ended) before the loop stops.</summary>
internal sealed class DrainCommand(WorkerRooms rooms, ILogger logger) : WorkerCommand
{
    internal override void Execute()
    {
        (int participants, int roomCount) = rooms.CloseAll();
        EngineLog.WorkerStopped(logger, rooms.Index, participants, roomCount);
    }
}
