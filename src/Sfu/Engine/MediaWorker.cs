using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Diagnostics;
using Sfu.Dtls;
using Sfu.Engine.Commands;
using Sfu.Transport;
using Sfu.Transport.Batching;

namespace Sfu.Engine;

/// <summary>Handles each datagram the worker receives, and its timers, on the worker thread.</summary>
public interface IDatagramHandler
{
    /// <param name="datagram">The received bytes; the handler may decrypt and rewrite them in place. Valid only during the call.</param>
    /// <param name="from">The sender's address; reused by the next receive, so copy it before keeping it.</param>
    void OnDatagram(Span<byte> datagram, SocketAddress from, long nowTicks);

    /// <summary>Called about every <see cref="MediaWorker.TickInterval"/> on the worker thread: timers, RTCP, NACKs, consent.</summary>
    void OnTick(long nowTicks);
}

/// <summary>
/// One thread that owns one UDP socket and all state behind it (transports, rooms): it receives, decrypts, forwards,
/// encrypts and sends without handing packets to another thread (hot-path rule 3: one owner). Other threads reach it only
/// through typed <see cref="WorkerCommand"/>s in a channel, which the loop runs between datagrams. Several workers, each
/// on its own port, use several cores the way mediasoup's workers do; they share no mutable state.
/// </summary>
public sealed class MediaWorker : ITransportWorkQueue, IDisposable
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<WorkerCommand> _commands = Channel.CreateUnbounded<WorkerCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private IDatagramHandler? _handler;
    private volatile bool _stopping;
    private int _threadId;

    public MediaWorker(int index, IPEndPoint bindTo, TimeProvider time, ILogger? logger = null, UdpSocketOptions? socketOptions = null)
    {
        Index = index;
        Socket = new UdpSocket(bindTo, socketOptions);
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _thread = new Thread(Run) { IsBackground = true, Name = "sfu-worker-" + index };
    }

    public int Index { get; }

    public UdpSocket Socket { get; }

    public TimeProvider Time => _time;

    /// <summary>Ticks of <see cref="TimeProvider.GetTimestamp"/> converted to <see cref="TimeSpan"/> ticks (100 ns).</summary>
    public long NowTicks => ToTimeSpanTicks(_time.GetTimestamp(), _time.TimestampFrequency);

    public bool IsWorkerThread => Environment.CurrentManagedThreadId == _threadId;

    /// <summary>Datagrams received on this worker's socket (read on the worker thread).</summary>
    public long DatagramsReceived { get; private set; }

    /// <summary>Datagrams the kernel dropped at this worker's socket because its receive buffer was full (SO_RXQ_OVFL).</summary>
    public long KernelDrops { get; private set; }

    public void Start(IDatagramHandler handler)
    {
        _handler = handler;
        _thread.Start();
    }

    /// <summary>Queues a command for the worker thread; a worker that has stopped abandons it at once (its awaiter learns why).</summary>
    internal void Enqueue(WorkerCommand command)
    {
        if (!_commands.Writer.TryWrite(command))
        {
            command.Abandon();
        }
    }

    void ITransportWorkQueue.PostDtlsCompleted(WebRtcTransport transport, DtlsSession session, DtlsHandshakeResult? result, string? error) =>
        Enqueue(new DtlsCompletedCommand(transport, session, result, error));

    void ITransportWorkQueue.PostDtlsClosedByPeer(WebRtcTransport transport, DtlsSession session) =>
        Enqueue(new DtlsClosedByPeerCommand(transport, session));

    /// <summary>
    /// The loop: wait briefly for datagrams, take every ready one in one batch (recvmmsg), hand each on, run queued
    /// commands and timers, then flush what the pass sent (sendmmsg). Flushing at the end of every pass (and whenever
    /// the send batch fills) means batching never holds a packet longer than the pass that produced it.
    /// </summary>
    private void Run()
    {
        _threadId = Environment.CurrentManagedThreadId;
        IDatagramHandler handler = _handler!;
        ReceiveBatch received = Socket.StartBatching();
        SocketAddress from = Socket.CreateAddress();
        long tickTicks = TickInterval.Ticks;
        long nextTick = NowTicks + tickTicks;
        while (!_stopping)
        {
            // Poll with a short timeout so queued commands and timers run even when no media flows.
            if (Socket.Poll(1000))
            {
                DispatchBatch(handler, received, from);
            }

            RunCommands();
            long now = NowTicks;
            if (now >= nextTick)
            {
                nextTick = now + tickTicks;
                SafeTick(handler, now);
            }

            Socket.Flush();
        }

        RunCommands();
        Socket.Flush();
    }

    private void DispatchBatch(IDatagramHandler handler, ReceiveBatch received, SocketAddress from)
    {
        int count = received.Receive();
        if (count == 0)
        {
            return;
        }

        long realtimeNow = Socket.KernelTimestamps ? LinuxUdp.RealtimeNanoseconds() : 0;
        DatagramArrival arrival = Socket.Arrival;
        for (int i = 0; i < count; i++)
        {
            int length = received.Length(i);
            if (length <= 0)
            {
                SfuMetrics.CountDrop(length == 0 ? DropReason.Empty : DropReason.Malformed);
                continue;
            }

            DatagramsReceived++;
            long now = NowTicks;
            arrival.Ticks = received.ArrivalTicks(i, now, realtimeNow);
            arrival.FromKernel = received.HasKernelTime(i);
            received.CopySender(i, from);
            SafeDispatch(handler, received.Datagram(i), from, now);
        }

        long kernelDrops = received.KernelDrops;
        if (kernelDrops > KernelDrops)
        {
            SfuMetrics.CountSocketDrops(kernelDrops - KernelDrops);
            KernelDrops = kernelDrops;
        }
    }

    private void SafeDispatch(IDatagramHandler handler, Span<byte> datagram, SocketAddress from, long now)
    {
        try
        {
            handler.OnDatagram(datagram, from, now);
        }
        catch (Exception ex)
        {
            // A bug on one packet must not take the worker (and every meeting on it) down.
            SfuMetrics.CountDrop(DropReason.InternalError);
            EngineLog.DatagramFailed(_logger, Index, ex);
        }
    }

    private void SafeTick(IDatagramHandler handler, long now)
    {
        try
        {
            handler.OnTick(now);
        }
        catch (Exception ex)
        {
            EngineLog.TickFailed(_logger, Index, ex);
        }
    }

    private void RunCommands()
    {
        while (_commands.Reader.TryRead(out WorkerCommand? command))
        {
            try
            {
                command.Execute();
            }
            catch (Exception ex)
            {
                EngineLog.CommandFailed(_logger, Index, command.GetType().Name, ex);
                command.Fail(ex);
            }
        }
    }

    internal static long ToTimeSpanTicks(long timestamp, long frequency) =>
        frequency == TimeSpan.TicksPerSecond ? timestamp : (long)(timestamp * ((double)TimeSpan.TicksPerSecond / frequency));

    /// <summary>
    /// Stops the loop after the commands already queued have run (a drain command queued before this one closes every
    /// participant), then abandons whatever arrives later and closes the socket.
    /// </summary>
    public void Dispose()
    {
        _commands.Writer.TryComplete();
        _stopping = true;
        if (_thread.IsAlive && !IsWorkerThread && !_thread.Join(StopTimeout))
        {
            EngineLog.WorkerStopTimedOut(_logger, Index, StopTimeout);
        }

        while (_commands.Reader.TryRead(out WorkerCommand? late))
        {
            late.Abandon();
        }

        Socket.Dispose();
    }
}
