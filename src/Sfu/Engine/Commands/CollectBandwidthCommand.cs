namespace Sfu.Engine.Commands;

/// <summary>Reads every subscriber's bandwidth estimate on the worker thread that owns it.</summary>
internal sealed class CollectBandwidthCommand(WorkerRooms rooms) : WorkerCommand
{
    private readonly TaskCompletionSource<IReadOnlyList<SubscriberBandwidthStats>> _stats = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IReadOnlyList<SubscriberBandwidthStats>> Completion => _stats.Task;

    internal override void Execute() => _stats.TrySetResult(rooms.CollectBandwidth());

    internal override void Abandon() => _stats.TrySetCanceled();
}
