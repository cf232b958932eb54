using Sfu.Crypto.Srtp;
using Sfu.Wire.Sdp;

namespace Sfu.Client;

/// <summary>
/// Loss repair as a receiving browser does it (opt-in, <see cref="ClientPeerOptions.SendNacks"/>): the gaps in every
/// received video stream whose m= line negotiated "nack" become Generic NACKs (RFC 4585 section 6.2.1), sent from a
/// timer through the peer's <see cref="ClientTransport"/>.
/// </summary>
internal sealed class ClientNackSender : IDisposable
{
    private const int BufferSize = 1200 + SrtpSession.MaxRtcpOverhead;

    private readonly ClientTransport _transport;
    private readonly TimeProvider _time;
    private readonly uint _rtcpSsrc;
    private readonly ClientNackTracker _tracker;
    private readonly Timer _timer;
    private readonly object _gate = new();
    private readonly byte[] _buffer = new byte[BufferSize];
    private volatile HashSet<uint> _nackable = [];
    private volatile bool _disposed;
    private int _tickRunning;

    public ClientNackSender(ClientTransport transport, TimeProvider time, TimeSpan interval, uint rtcpSsrc)
    {
        _transport = transport;
        _time = time;
        _rtcpSsrc = rtcpSsrc;
        _tracker = new ClientNackTracker(interval.Ticks);
        _timer = new Timer(static state => ((ClientNackSender)state!).OnTimer(), this, interval, interval);
    }

    /// <summary>Runs <paramref name="read"/> on the tracker's counters under its lock.</summary>
    public T Read<T>(Func<ClientNackTracker, T> read)
    {
        lock (_gate)
        {
            return read(_tracker);
        }
    }

    /// <summary>After each negotiation: the media SSRCs of the received video lines whose codec negotiated "nack".</summary>
    public void OnCommitted(IReadOnlyList<ClientTransceiver> lines)
    {
        var ssrcs = new HashSet<uint>();
        foreach (ClientTransceiver line in lines)
        {
            if (!line.Rejected && line.Direction.Receives() && line.Receiver is { Kind: Negotiation.MediaKind.Video } remote
                && line.Codecs.Count > 0 && line.Codecs[0].HasFeedback("nack"))
            {
                ssrcs.Add(remote.Ssrc);
            }
        }

        _nackable = ssrcs;
    }

    /// <summary>On the receive path: one received RTP packet.</summary>
    public void OnPacket(uint ssrc, ushort sequenceNumber)
    {
        if (_nackable.Contains(ssrc))
        {
            lock (_gate)
            {
                _tracker.OnPacket(ssrc, sequenceNumber, MediaNow());
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }

    /// <summary>Engine ticks (100 ns) of our clock.</summary>
    private long MediaNow() => _time.GetElapsedTime(0).Ticks;

    private void OnTimer()
    {
        if (_disposed || !_transport.IsConnected || Interlocked.Exchange(ref _tickRunning, 1) == 1)
        {
            return;
        }

        try
        {
            int length;
            lock (_gate)
            {
                length = _tracker.WriteDueNacks(_buffer.AsSpan(0, BufferSize - SrtpSession.MaxRtcpOverhead), _rtcpSsrc, MediaNow());
            }

            if (length > 0)
            {
                _transport.SendRtcp(_buffer, length);
            }
        }
        finally
        {
            Volatile.Write(ref _tickRunning, 0);
        }
    }
}
