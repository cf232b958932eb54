using Sfu.Streams;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;

namespace Sfu.Client;

/// <summary>
/// Loss repair as a sending browser does it (opt-in, <see cref="ClientPeerOptions.RetransmitOnNack"/>): keeps our
/// recent video packets and answers the server's NACKs for them with RTX retransmissions (RFC 4588) when the answer
/// negotiated RTX.
/// </summary>
internal sealed class ClientRetransmitter : IDisposable
{
    private readonly ClientTransport _transport;
    private readonly TimeProvider _time;
    private readonly LocalTrack _video;
    private readonly object _gate = new();
    private readonly RetransmissionBuffer _history = new();
    private readonly byte[] _rtxBuffer = new byte[ClientMediaSender.BufferSize];
    private ushort _rtxSequence;
    private bool _disposed;
    private long _sent;
    private long _missed;

    public ClientRetransmitter(ClientTransport transport, TimeProvider time, LocalTrack video, ushort firstRtxSequence)
    {
        _transport = transport;
        _time = time;
        _video = video;
        _rtxSequence = firstRtxSequence;
    }

    public long RetransmissionsSent => Interlocked.Read(ref _sent);

    public long RetransmissionsMissed => Interlocked.Read(ref _missed);

    /// <summary>On the sender thread: keeps a copy of a plain video packet.</summary>
    public void Remember(ReadOnlySpan<byte> packet)
    {
        if (RtpHeader.TryRead(packet, out RtpHeader header))
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _history.Store(header.SequenceNumber, packet, MediaNow());
                }
            }
        }
    }

    /// <summary>On the receive path: a NACK for our video SSRC, answered with one RTX packet per held sequence number.</summary>
    public void Retransmit(in GenericNack nack, TrackSendParameters? send)
    {
        if (_video.RtxSsrc == 0 || send is not { RtxPayloadType: > 0 })
        {
            return;
        }

        long now = MediaNow();
        foreach (ushort sequenceNumber in nack.LostSequenceNumbers)
        {
            int length = 0;
            lock (_gate)
            {
                if (!_disposed && _history.TryGet(sequenceNumber, now, out ReadOnlySpan<byte> original) && RtpHeader.TryRead(original, out RtpHeader header))
                {
                    length = RtxPacket.Write(_rtxBuffer, original, header, (byte)send.RtxPayloadType, _rtxSequence, _video.RtxSsrc);
                    _rtxSequence += length > 0 ? (ushort)1 : (ushort)0;
                }
            }

            Interlocked.Increment(ref length > 0 && _transport.SendRtp(_rtxBuffer, length) ? ref _sent : ref _missed);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _history.Dispose();
        }
    }

    /// <summary>Engine ticks (100 ns) of our clock.</summary>
    private long MediaNow() => _time.GetElapsedTime(0).Ticks;
}
