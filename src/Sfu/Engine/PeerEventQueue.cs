using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sfu.Diagnostics;

namespace Sfu.Engine;

/// <summary>
/// Carries one media worker's events to signaling. The worker only writes into an unbounded channel (it never waits, never
/// runs signaling code and never takes signaling's locks); one reader task on the thread pool delivers the events in order.
/// </summary>
internal sealed class PeerEventQueue : IAsyncDisposable
{
    private readonly Channel<PeerEvent> _events = Channel.CreateUnbounded<PeerEvent>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = true,
        AllowSynchronousContinuations = false,
    });

    private readonly ILogger _logger;
    private readonly Task _pump;

    public PeerEventQueue(ILogger logger)
    {
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>From the worker thread: queues an event; never blocks.</summary>
    public void Enqueue(in PeerEvent peerEvent) => _events.Writer.TryWrite(peerEvent);

    private async Task PumpAsync()
    {
        await foreach (PeerEvent peerEvent in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                peerEvent.Deliver();
            }
            catch (Exception e)
            {
                // One faulty observer must not stop the events of every other participant on this worker.
                EngineLog.ObserverFailed(_logger, peerEvent.Kind.ToString(), e);
            }
        }
    }

    /// <summary>Delivers what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }
}
