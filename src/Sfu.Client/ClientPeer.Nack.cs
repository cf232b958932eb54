using Sfu.Crypto.Srtp;
using Sfu.Streams;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;
using Sfu.Wire.Sdp;

namespace Sfu.Client;

/// <summary>
/// Loss recovery as a browser does it (both opt-in, see <see cref="ClientPeerOptions.SendNacks"/> and
/// <see cref="ClientPeerOptions.RetransmitOnNack"/>): as a receiver, Generic NACKs (RFC 4585 section 6.2.1) for gaps in
/// received video, sent from a timer; as a sender, RTX retransmissions (RFC 4588) of our recent video packets that the
/// server NACKs.
/// </summary>
public sealed partial class ClientPeer
{
    private const int NackBufferSize = 1200 + SrtpSession.MaxRtcpOverhead;

    private readonly ClientNackTracker? _nackTracker;
    private readonly Timer? _nackTimer;
    private readonly byte[] _nackBuffer = new byte[NackBufferSize];
    private readonly uint _rtcpSsrc = NewSsrc();
    private readonly object _historyGate = new();
    private readonly RetransmissionBuffer? _history;
    private readonly byte[] _rtxBuffer = new byte[SendBufferSize];
    private volatile HashSet<uint> _nackSsrcs = [];
    private int _nackTickRunning;
    private ushort _rtxSequence = (ushort)NewSsrc();
    private long _retransmissionsSent;
    private long _retransmissionsMissed;

    /// <summary>Media SSRCs of the received video lines whose codec negotiated "nack"; called from OnCommitted.</summary>
    private static HashSet<uint> NackableSsrcs(IReadOnlyList<ClientTransceiver> lines)
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

        return ssrcs;
    }

    /// <summary>Engine ticks (100 ns) of our clock.</summary>
    private long MediaNow() => _time.GetElapsedTime(0).Ticks;

    /// <summary>On the receive thread, under the stats lock: one received RTP packet.</summary>
    private void TrackForNack(uint ssrc, ushort sequenceNumber)
    {
        if (_nackTracker is not null && _nackSsrcs.Contains(ssrc))
        {
            _nackTracker.OnPacket(ssrc, sequenceNumber, MediaNow());
        }
    }

    private void OnNackTimer()
    {
        if (_disposed || _srtp is null || Interlocked.Exchange(ref _nackTickRunning, 1) == 1)
        {
            return;
        }

        try
        {
            int length;
            lock (_statsGate)
            {
                length = _nackTracker!.WriteDueNacks(_nackBuffer.AsSpan(0, NackBufferSize - SrtpSession.MaxRtcpOverhead), _rtcpSsrc, MediaNow());
            }

            if (length > 0)
            {
                SendRtcp(_nackBuffer, length);
            }
        }
        finally
        {
            Volatile.Write(ref _nackTickRunning, 0);
        }
    }

    /// <summary>Protects the RTCP compound in <paramref name="buffer"/> (with tail room for the trailer) and sends it.</summary>
    private bool SendRtcp(Span<byte> buffer, int length)
    {
        int protectedLength;
        lock (_sendGate)
        {
            SrtpSession? srtp = _srtp;
            if (srtp is null || srtp.ProtectRtcp(buffer, length, out protectedLength) != SrtpStatus.Ok)
            {
                return false;
            }
        }

        return SendRaw(buffer[..protectedLength]);
    }

    /// <summary>On the sender thread: keeps a copy of a plain video packet for retransmission.</summary>
    private void RememberSent(ReadOnlySpan<byte> packet)
    {
        if (_history is not null && RtpHeader.TryRead(packet, out RtpHeader header))
        {
            lock (_historyGate)
            {
                if (!_disposed)
                {
                    _history.Store(header.SequenceNumber, packet, MediaNow());
                }
            }
        }
    }

    /// <summary>On the receive thread: a NACK for our video SSRC, answered with one RTX packet per held sequence number.</summary>
    private void Retransmit(in GenericNack nack)
    {
        if (_history is null || VideoTrack is not { RtxSsrc: not 0 } track || _videoSend is not { RtxPayloadType: > 0 } send)
        {
            return;
        }

        long now = MediaNow();
        foreach (ushort sequenceNumber in nack.LostSequenceNumbers)
        {
            int length = 0;
            lock (_historyGate)
            {
                if (!_disposed && _history.TryGet(sequenceNumber, now, out ReadOnlySpan<byte> original) && RtpHeader.TryRead(original, out RtpHeader header))
                {
                    length = RtxPacket.Write(_rtxBuffer, original, header, (byte)send.RtxPayloadType, _rtxSequence, track.RtxSsrc);
                }
            }

            if (length > 0)
            {
                _rtxSequence++;
            }

            if (length > 0 && SendRtp(_rtxBuffer, length))
            {
                Interlocked.Increment(ref _retransmissionsSent);
            }
            else
            {
                Interlocked.Increment(ref _retransmissionsMissed);
            }
        }
    }

    private void DisposeNack()
    {
        _nackTimer?.Dispose();
        lock (_historyGate)
        {
            _history?.Dispose();
        }
    }
}
