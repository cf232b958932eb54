using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Sfu.Transport;

namespace Sfu.Engine;

/// <summary>Handles each datagram the worker receives, on the worker thread.</summary>
public interface IDatagramHandler
{
    /// <param name="datagram">The received bytes; the handler may decrypt and rewrite them in place. Valid only during the call.</param>
    /// <param name="capacity">The whole receive buffer, whose tail room lets the handler grow the packet in place.</param>
    void OnDatagram(Span<byte> datagram, byte[] capacity, SocketAddress from, long nowTicks);

    /// <summary>Called about every <see cref="MediaWorker.TickInterval"/> on the worker thread: timers, RTCP, NACKs, consent.</summary>
    void OnTick(long nowTicks);
}

/// <summary>
/// One thread that owns one UDP socket and all state behind it (transports, rooms): it receives,
/// decrypts, forwards, encrypts and sends without handing packets to another thread (hot-path rule 3:
/// one owner; other threads send it work through <see cref="Post"/>). Several workers, each on its own
/// port, scale across cores the way mediasoup workers do.
/// </summary>
public sealed class MediaWorker : IDisposable
{
    /// <summary>Receive buffer size: an MTU-sized datagram plus room for growth when we re-protect in place.</summary>
    public const int BufferSize = 2048;

    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentQueue<Action> _work = new();
    private readonly Thread _thread;
    private readonly TimeProvider _time;
    private IDatagramHandler? _handler;
    private volatile bool _stopping;
    private int _threadId;

    public MediaWorker(IPEndPoint bindTo, TimeProvider time, string name)
    {
        Socket = new UdpSocket(bindTo);
        _time = time;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public UdpSocket Socket { get; }

    public TimeProvider Time => _time;

    /// <summary>Ticks of <see cref="TimeProvider.GetTimestamp"/> converted to <see cref="TimeSpan"/> ticks (100 ns).</summary>
    public long NowTicks => ToTimeSpanTicks(_time.GetTimestamp(), _time.TimestampFrequency);

    public bool IsWorkerThread => Environment.CurrentManagedThreadId == _threadId;

    public void Start(IDatagramHandler handler)
    {
        _handler = handler;
        _thread.Start();
    }

    /// <summary>Queues work to run on the worker thread.</summary>
    public void Post(Action work) => _work.Enqueue(work);

    /// <summary>Runs <paramref name="work"/> on the worker thread and returns its result (or rethrows its exception).</summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    private void Run()
    {
        _threadId = Environment.CurrentManagedThreadId;
        IDatagramHandler handler = _handler!;
        byte[] buffer = new byte[BufferSize];
        SocketAddress from = Socket.CreateAddress();
        long tickTicks = TickInterval.Ticks;
        long nextTick = NowTicks + tickTicks;
        while (!_stopping)
        {
            // Poll with a short timeout so queued work and timers run even when no media flows.
            if (Socket.Poll(1000))
            {
                int length = Socket.Receive(buffer, from);
                if (length > 0)
                {
                    SafeDispatch(handler, buffer, length, from);
                }
            }

            DrainWork();
            long now = NowTicks;
            if (now >= nextTick)
            {
                nextTick = now + tickTicks;
                SafeTick(handler, now);
            }
        }
    }

    private void SafeDispatch(IDatagramHandler handler, byte[] buffer, int length, SocketAddress from)
    {
        try
        {
            handler.OnDatagram(buffer.AsSpan(0, length), buffer, from, NowTicks);
        }
        catch (Exception ex)
        {
            // A bug on one packet must not take the worker (and every meeting on it) down.
            Diagnostics.SfuMetrics.CountDrop(Diagnostics.DropReason.InternalError);
            Trace.TraceError("media worker packet handler failed: {0}", ex);
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
            Trace.TraceError("media worker tick failed: {0}", ex);
        }
    }

    private void DrainWork()
    {
        while (_work.TryDequeue(out Action? work))
        {
            try
            {
                work();
            }
            catch (Exception ex)
            {
                Trace.TraceError("media worker task failed: {0}", ex);
            }
        }
    }

    internal static long ToTimeSpanTicks(long timestamp, long frequency) =>
        frequency == TimeSpan.TicksPerSecond ? timestamp : (long)(timestamp * ((double)TimeSpan.TicksPerSecond / frequency));

    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive && !IsWorkerThread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        Socket.Dispose();
    }
}
