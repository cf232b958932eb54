using System.Net;
using System.Net.Sockets;
using Sfu.Crypto.Srtp;
using Sfu.Transport;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;

namespace Sfu.Client;

/// <summary>
/// The receive thread: RFC 7983 demultiplexing of STUN, DTLS and SRTP/SRTCP from the one socket, SRTP unprotect,
/// per-SSRC accounting and RTCP feedback (PLI/FIR make the next video frame a keyframe; a NACK for our video is
/// answered with RTX when <see cref="ClientPeerOptions.RetransmitOnNack"/> is on, see ClientPeer.Nack.cs).
/// </summary>
public sealed partial class ClientPeer
{
    private const int ReceiveBufferSize = 2048;

    private readonly object _statsGate = new();
    private readonly Dictionary<uint, ReceiveStreamCounter> _receiveStreams = [];
    private long _srtpFailures;
    private long _packetsBeforeKeys;
    private long _srtpReplays;
    private long _unknownSsrcPackets;
    private long _rtcpReceived;
    private long _keyframeRequests;
    private long _nacksReceived;

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[ReceiveBufferSize];
        var from = new SocketAddress(_socket.AddressFamily);
        // Only so a disposed peer's thread notices even if closing the socket did not wake the blocked call.
        _socket.ReceiveTimeout = 500;
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                continue; // timeout, or ICMP port unreachable surfacing on a later call
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (length > 0)
            {
                Dispatch(buffer.AsSpan(0, length));
            }
        }
    }

    private void Dispatch(Span<byte> datagram)
    {
        switch (PacketDemux.Classify(datagram))
        {
            case PacketClass.Stun:
                OnStun(datagram);
                break;
            case PacketClass.Dtls:
                _dtlsChannel.EnqueueIncoming(datagram);
                break;
            case PacketClass.Rtp:
                OnSrtp(datagram, isRtcp: false);
                break;
            case PacketClass.Rtcp:
                OnSrtp(datagram, isRtcp: true);
                break;
        }
    }

    private void OnSrtp(Span<byte> datagram, bool isRtcp)
    {
        SrtpSession? srtp = _srtp;
        if (srtp is null)
        {
            // The server keys SRTP as it sends its last flight; its first RTCP can beat our own key derivation.
            lock (_statsGate)
            {
                _packetsBeforeKeys++;
            }

            return;
        }

        SrtpStatus status = isRtcp
            ? srtp.UnprotectRtcp(datagram, datagram.Length, out int plainLength)
            : srtp.UnprotectRtp(datagram, datagram.Length, out plainLength);
        if (status != SrtpStatus.Ok)
        {
            lock (_statsGate)
            {
                if (status is SrtpStatus.ReplayDuplicate or SrtpStatus.ReplayTooOld)
                {
                    _srtpReplays++;
                }
                else
                {
                    _srtpFailures++;
                }
            }

            return;
        }

        if (!_serverConfirmed.Task.IsCompleted)
        {
            _serverConfirmed.TrySetResult();
        }

        if (isRtcp)
        {
            OnRtcp(datagram[..plainLength]);
        }
        else
        {
            OnRtp(datagram[..plainLength]);
        }
    }

    private void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (!RtpHeader.TryRead(packet, out RtpHeader header))
        {
            lock (_statsGate)
            {
                _srtpFailures++;
            }

            return;
        }

        lock (_statsGate)
        {
            if (!_receiveStreams.TryGetValue(header.Ssrc, out ReceiveStreamCounter? stream))
            {
                stream = new ReceiveStreamCounter(header.Ssrc);
                _receiveStreams.Add(header.Ssrc, stream);
            }

            if (stream.Track is null && _tracksBySsrc.TryGetValue(header.Ssrc, out RemoteTrack? track))
            {
                stream.Track = track;
            }

            if (stream.Track is null)
            {
                _unknownSsrcPackets++;
            }

            stream.OnPacket(header.SequenceNumber, header.GetPayload(packet), stream.Track?.Kind);
            TrackForNack(header.Ssrc, header.SequenceNumber);
        }
    }

    private void OnRtcp(ReadOnlySpan<byte> compound)
    {
        uint videoSsrc = VideoTrack?.Ssrc ?? 0;
        long keyframeRequests = 0;
        long nacks = 0;
        var packets = new RtcpCompoundEnumerator(compound);
        while (packets.MoveNext())
        {
            RtcpPacket item = packets.Current;
            if (item.PacketType == RtcpPacketType.PayloadFeedback && item.Format == RtcpFeedbackFormat.PictureLossIndication)
            {
                if (PictureLossIndication.TryRead(item.Data, out PictureLossIndication pli) && pli.MediaSsrc == videoSsrc && videoSsrc != 0)
                {
                    keyframeRequests++;
                }
            }
            else if (item.PacketType == RtcpPacketType.PayloadFeedback && item.Format == RtcpFeedbackFormat.FullIntraRequest)
            {
                if (FullIntraRequest.TryRead(item.Data, out FullIntraRequest fir))
                {
                    for (int i = 0; i < fir.EntryCount; i++)
                    {
                        keyframeRequests += fir.GetEntry(i).Ssrc == videoSsrc && videoSsrc != 0 ? 1 : 0;
                    }
                }
            }
            else if (item.PacketType == RtcpPacketType.TransportFeedback && item.Format == RtcpFeedbackFormat.GenericNack)
            {
                if (GenericNack.TryRead(item.Data, out GenericNack nack) && IsOurSsrc(nack.MediaSsrc))
                {
                    nacks++;
                    if (nack.MediaSsrc == videoSsrc)
                    {
                        Retransmit(nack);
                    }
                }
            }
        }

        if (keyframeRequests > 0)
        {
            _video?.RequestKeyframe();
        }

        lock (_statsGate)
        {
            _rtcpReceived++;
            _keyframeRequests += keyframeRequests;
            _nacksReceived += nacks;
        }
    }

    private bool IsOurSsrc(uint ssrc) =>
        ssrc != 0 && (ssrc == AudioTrack?.Ssrc || ssrc == VideoTrack?.Ssrc || ssrc == VideoTrack?.RtxSsrc);
}
