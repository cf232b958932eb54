using System.Threading.Channels;
using Signaling.Protocol;

namespace Api.Meetings;

/// <summary>
/// Closes attendance rows as participants leave. Signaling reports leaves from under no lock on any thread and must
/// not wait for the database, so they are queued and written in order here; a graceful stop writes every queued leave
/// (the shutdown sweep's <c>server_shutdown</c> rows included) before the process exits. When a leave empties a meeting
/// the <see cref="EmptyMeetingCloser"/> starts its grace period.
/// </summary>
public sealed class AttendanceWriter(ParticipantRepository participants, EmptyMeetingCloser closer, IServiceProvider services, ILogger<AttendanceWriter> logger) : BackgroundService
{
    private readonly Channel<LeftEvent> _queue = Channel.CreateUnbounded<LeftEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the leave; never blocks.</summary>
    public void Enqueue(string code, long participantId, string reason, DateTimeOffset at) =>
        _queue.Writer.TryWrite(new LeftEvent(code, participantId, reason, at));

    /// <summary>Resolves once every leave queued so far is written (tests and shutdown).</summary>
    public Task DrainedAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Writer.TryWrite(new LeftEvent(null, 0, "", default, done));
        return done.Task;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Signaling tells everyone connected to leave on ApplicationStopping; this also covers participants whose socket
        // was down (nobody's connection would run the sweep for them). Idempotent.
        services.GetRequiredService<Signaling.Rooms.RoomRegistry>().ShutDown();
        Task drained = DrainedAsync();
        await Task.WhenAny(drained, Task.Delay(Timeout.Infinite, cancellationToken));
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (LeftEvent left in _queue.Reader.ReadAllAsync(CancellationToken.None))
            {
                if (left.Done is { } done)
                {
                    done.TrySetResult();
                    continue;
                }

                await WriteAsync(left);
            }
        }
        catch (ChannelClosedException)
        {
        }
    }

    private async Task WriteAsync(LeftEvent left)
    {
        try
        {
            await participants.MarkLeftAsync(left.ParticipantId, AttendanceReasons.FromLeaveReason(left.Reason), left.At.ToUnixTimeMilliseconds());
            if (left.Reason != LeaveReasons.ServerShutdown)
            {
                // A restart is not the end of a meeting: the clients rejoin when the server is back.
                closer.ParticipantLeft(left.Code!);
            }
        }
        catch (Exception e)
        {
            ApiLog.AttendanceWriteFailed(logger, left.Code!, left.ParticipantId, e);
        }
    }

    private readonly record struct LeftEvent(string? Code, long ParticipantId, string Reason, DateTimeOffset At, TaskCompletionSource? Done = null);
}
