namespace Sfu.Engine.Commands;

/// <summary>
/// A unit of work for a media worker, as a typed value: what reaches the worker thread from other threads (signaling's
/// calls, finished DTLS handshakes, stats requests) is one of these, never a closure, so the commands a worker accepts can
/// be listed and each tested on its own by calling <see cref="Execute"/>. A command carries everything it acts on.
/// </summary>
internal abstract class WorkerCommand
{
    /// <summary>Runs the command on the worker thread that owns the state it names.</summary>
    internal abstract void Execute();

    /// <summary>The worker stopped before running this command: complete whoever awaits it, with a result that says so.</summary>
    internal virtual void Abandon()
    {
    }

    /// <summary>The command failed with an unexpected exception (a bug): complete whoever awaits it instead of leaving it hanging.</summary>
    internal virtual void Fail(Exception exception) => Abandon();
}
