using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Sessions;

namespace Signaling.Connections;

/// <summary>
/// One client WebSocket: a receive loop that feeds complete text messages to the <see cref="SignalingSession"/>
/// one at a time, and a send loop that drains a bounded queue. Anyone (engine threads, other rooms' broadcasts)
/// sends by queueing; a client whose queue overflows is dropped rather than allowed to block the room: its backlog is
/// discarded and the socket closed with 1008 <c>tooSlow</c> (its participant waits for a resume like after any drop).
/// </summary>
public sealed class SignalingConnection : IMessageSink
{
    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly SignalingOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Outbound> _outbound;
    private readonly CancellationTokenSource _receiveAbort;
    private readonly CancellationTokenSource _idle;
    private int _closing;
    private int _tooSlow;
    private int _disposed;

    public SignalingConnection(WebSocket socket, string connectionId, SignalingOptions options, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        ConnectionId = connectionId;
        _options = options;
        _logger = logger;
        _outbound = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(options.OutboundQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full instead of dropping silently
        });
        _receiveAbort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _idle.Token.Register(static state => ((SignalingConnection)state!).OnIdle(), this);
    }

    public string ConnectionId { get; }

    public bool TrySend(byte[] utf8Json)
    {
        if (Volatile.Read(ref _closing) != 0)
        {
            return false;
        }

        if (_outbound.Writer.TryWrite(new Outbound(utf8Json, default, null)))
        {
            return true;
        }

        DropTooSlow();
        return false;
    }

    public void Close(WebSocketCloseStatus status, string description)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        if (!_outbound.Writer.TryWrite(new Outbound(null, status, description)))
        {
            Abort();
            return;
        }

        _outbound.Writer.TryComplete();
        ScheduleAbort(CloseTimeout);
    }

    /// <summary>Runs both loops until the socket closes; then the session detaches its participant.</summary>
    public async Task RunAsync(SignalingSession session, CancellationToken requestAborted)
    {
        using CancellationTokenRegistration onAborted = requestAborted.Register(static state => ((SignalingConnection)state!).Abort(), this);
        Task sendLoop = SendLoopAsync();
        string reason = "closed by the client";
        try
        {
            ResetIdleTimer();
            await ReceiveLoopAsync(session);
        }
        catch (OperationCanceledException)
        {
            reason = "aborted";
        }
        catch (WebSocketException e)
        {
            reason = "connection lost: " + e.WebSocketErrorCode;
        }
        finally
        {
            session.OnDisconnected();
            Interlocked.Exchange(ref _closing, 1); // late broadcasts are dropped quietly, not mistaken for a slow client
            _outbound.Writer.TryComplete();
        }

        try
        {
            await sendLoop.WaitAsync(CloseTimeout);
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or OperationCanceledException)
        {
            // The peer is gone; nothing left to flush.
        }

        SignalingLog.ConnectionClosed(_logger, ConnectionId, reason);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _idle.Dispose();
            _receiveAbort.Dispose();
        }

        _socket.Abort();
    }

    private async Task ReceiveLoopAsync(SignalingSession session)
    {
        int limit = _options.MaxMessageBytes;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(limit);
        byte[] discard = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int length = 0;
            bool oversized = false;
            while (true)
            {
                Memory<byte> target = oversized || length == limit ? discard : buffer.AsMemory(length, limit - length);
                oversized |= length == limit;
                ValueWebSocketReceiveResult result = await _socket.ReceiveAsync(target, _receiveAbort.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Close(WebSocketCloseStatus.NormalClosure, string.Empty);
                    return;
                }

                if (!oversized)
                {
                    length += result.Count;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                ResetIdleTimer();
                await DispatchAsync(session, result.MessageType, buffer, length, oversized);
                length = 0;
                oversized = false;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(discard);
        }
    }

    private async ValueTask DispatchAsync(SignalingSession session, WebSocketMessageType type, byte[] buffer, int length, bool oversized)
    {
        try
        {
            if (oversized)
            {
                session.HandleTooLarge();
            }
            else if (type == WebSocketMessageType.Binary)
            {
                session.HandleBinary();
            }
            else
            {
                // One message at a time, in order: the next is read only once this one's handler (and the engine) answered.
                await session.HandleMessageAsync(buffer.AsSpan(0, length));
            }
        }
        catch (Exception e)
        {
            // A bug in a handler must not take the participant's connection down with it.
            SignalingLog.ConnectionFailed(_logger, ConnectionId, e);
        }
    }

    private async Task SendLoopAsync()
    {
        await foreach (Outbound item in _outbound.Reader.ReadAllAsync())
        {
            if (Volatile.Read(ref _tooSlow) != 0)
            {
                break;
            }

            if (item.Payload is { } payload)
            {
                await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, _receiveAbort.Token);
                continue;
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(item.CloseStatus, item.CloseDescription, _receiveAbort.Token);
            }

            return;
        }

        if (Volatile.Read(ref _tooSlow) != 0 && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            // Skips the backlog: the client resumes and gets the current state in "joined" instead.
            await _socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, LeaveReasons.TooSlow, _receiveAbort.Token);
        }
    }

    /// <summary>
    /// The queue is full. Queueing a close frame behind it would keep the backlog, so the send loop drops what is queued
    /// and sends the close as soon as the socket takes a frame again; if it does not within <see cref="CloseTimeout"/>,
    /// the socket is aborted. Either way the session then detaches its participant (grace period, resume).
    /// </summary>
    private void DropTooSlow()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        SignalingLog.ConnectionTooSlow(_logger, ConnectionId);
        Volatile.Write(ref _tooSlow, 1); // before completing the queue, so the send loop sees it whichever way it ends
        _outbound.Writer.TryComplete();
        ScheduleAbort(CloseTimeout);
    }

    private void ResetIdleTimer()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _idle.CancelAfter(_options.IdleTimeout);
        }
    }

    /// <summary>Nothing (not even a ping) came for the idle timeout: close politely, abort if that goes unanswered.</summary>
    private void OnIdle() => Close(WebSocketCloseStatus.PolicyViolation, "idle timeout");

    private void ScheduleAbort(TimeSpan after)
    {
        try
        {
            _receiveAbort.CancelAfter(after);
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    private void Abort()
    {
        Interlocked.Exchange(ref _closing, 1);
        _outbound.Writer.TryComplete();
        ScheduleAbort(TimeSpan.Zero);
        _socket.Abort();
    }

    private readonly record struct Outbound(byte[]? Payload, WebSocketCloseStatus CloseStatus, string? CloseDescription);
}
