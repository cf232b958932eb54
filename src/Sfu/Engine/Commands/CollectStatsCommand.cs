namespace Sfu.Engine.Commands;

/// <summary>Reads one worker's figures on its own thread (where its thread CPU clock and counters live).</summary>
internal sealed class CollectStatsCommand(WorkerRooms rooms, MediaWorker worker) : WorkerCommand
{
    private readonly TaskCompletionSource<WorkerStats> _stats = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<WorkerStats> Completion => _stats.Task;

    internal override void Execute() => _stats.TrySetResult(rooms.CollectStats(worker.DatagramsReceived));

    internal override void Abandon() => _stats.TrySetCanceled();
}
