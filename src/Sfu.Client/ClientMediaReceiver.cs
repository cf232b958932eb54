using System.Diagnostics;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;
using Sfu.Wire.Sdp;

namespace Sfu.Client;

/// <summary>
/// What a <see cref="ClientPeer"/> does with the decrypted packets its <see cref="ClientTransport"/> hands over: per-SSRC
/// accounting of received RTP (and NACK tracking), and the server's RTCP feedback: PLI/FIR make the next video frame a
/// keyframe, a NACK for our video is answered with RTX when <see cref="ClientPeerOptions.RetransmitOnNack"/> is on.
/// </summary>
internal sealed class ClientMediaReceiver : IClientTransportListener
{
    private readonly object _gate = new();
    private readonly Dictionary<uint, ReceiveStreamCounter> _streams = [];
    private readonly LatencyHistogram _latency = new();
    private readonly LocalTrack? _audioTrack;
    private readonly LocalTrack? _videoTrack;
    private readonly LocalTrack? _screenTrack;
    private readonly ClientMediaSender _sender;
    private readonly ClientNackSender? _nacks;
    private readonly ClientRetransmitter? _retransmitter;
    private readonly ClientTransportCcFeedback? _transportCc;
    private volatile Dictionary<uint, RemoteTrack> _tracksBySsrc = [];
    private volatile IReadOnlyList<RemoteTrack> _receivingTracks = [];
    private long _malformed;
    private long _unknownSsrcPackets;
    private long _rtcpReceived;
    private long _keyframeRequests;
    private long _nacksReceived;
    private long _paddingProbes;

    public ClientMediaReceiver(
        LocalTrack? audioTrack,
        LocalTrack? videoTrack,
        LocalTrack? screenTrack,
        ClientMediaSender sender,
        ClientNackSender? nacks,
        ClientRetransmitter? retransmitter,
        ClientTransportCcFeedback? transportCc = null)
    {
        _transportCc = transportCc;
        _audioTrack = audioTrack;
        _videoTrack = videoTrack;
        _screenTrack = screenTrack;
        _sender = sender;
        _nacks = nacks;
        _retransmitter = retransmitter;
    }

    /// <summary>Tracks the server currently sends us, as the last completed negotiation announced them.</summary>
    public IReadOnlyList<RemoteTrack> ReceivingTracks => _receivingTracks;

    /// <summary>Authenticated RTP packets received so far.</summary>
    public long PacketsReceived
    {
        get
        {
            long total = 0;
            lock (_gate)
            {
                foreach (ReceiveStreamCounter stream in _streams.Values)
                {
                    total += stream.Packets;
                }
            }

            return total;
        }
    }

    /// <summary>After each negotiation: which SSRCs belong to which remote track.</summary>
    public void OnCommitted(IReadOnlyList<ClientTransceiver> lines)
    {
        var bySsrc = new Dictionary<uint, RemoteTrack>();
        var receiving = new List<RemoteTrack>();
        foreach (ClientTransceiver line in lines)
        {
            if (!line.Rejected && line.Direction.Receives() && line.Receiver is { } remote)
            {
                receiving.Add(remote);
                bySsrc[remote.Ssrc] = remote;
                if (remote.RtxSsrc != 0)
                {
                    bySsrc[remote.RtxSsrc] = remote;
                }
            }
        }

        _tracksBySsrc = bySsrc;
        _receivingTracks = receiving;
    }

    public void OnRtp(ReadOnlySpan<byte> packet)
    {
        lock (_gate)
        {
            if (!RtpHeader.TryRead(packet, out RtpHeader header))
            {
                _malformed++;
                return;
            }

            _transportCc?.OnPacket(packet, header);
            if (header.PayloadLength == 0 && header.HasPadding
                && (!_tracksBySsrc.TryGetValue(header.Ssrc, out RemoteTrack? owner) || owner.RtxSsrc == header.Ssrc))
            {
                // A bandwidth probe (padding only, on a track's RTX SSRC, RFC 4588): acknowledged above, not media.
                _paddingProbes++;
                return;
            }

            if (!_streams.TryGetValue(header.Ssrc, out ReceiveStreamCounter? stream))
            {
                stream = new ReceiveStreamCounter(header.Ssrc);
                _streams.Add(header.Ssrc, stream);
            }

            if (stream.Track is null && _tracksBySsrc.TryGetValue(header.Ssrc, out RemoteTrack? track))
            {
                stream.Track = track;
            }

            if (stream.Track is null)
            {
                _unknownSsrcPackets++;
            }

            long stamped = stream.StampedPackets;
            stream.OnPacket(header.SequenceNumber, header.GetPayload(packet), stream.Track?.Kind, Stopwatch.GetTimestamp());
            if (stream.StampedPackets != stamped)
            {
                _latency.Record(stream.LastTransit);
            }
            _nacks?.OnPacket(header.Ssrc, header.SequenceNumber);
        }
    }

    /// <summary>Adds this peer's forward latencies so far to <paramref name="into"/>.</summary>
    public void CopyLatency(LatencyHistogram into)
    {
        lock (_gate)
        {
            into.Add(_latency);
        }
    }

    public void OnRtcp(ReadOnlySpan<byte> compound)
    {
        uint videoSsrc = _videoTrack?.Ssrc ?? 0;
        long keyframeRequests = 0;
        long nacks = 0;
        var packets = new RtcpCompoundEnumerator(compound);
        while (packets.MoveNext())
        {
            RtcpPacket item = packets.Current;
            if (item.PacketType == RtcpPacketType.PayloadFeedback && item.Format == RtcpFeedbackFormat.PictureLossIndication)
            {
                if (PictureLossIndication.TryRead(item.Data, out PictureLossIndication pli) && pli.MediaSsrc != 0 && _sender.RequestKeyframe(pli.MediaSsrc))
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
                        uint firSsrc = fir.GetEntry(i).Ssrc;
                        keyframeRequests += firSsrc != 0 && _sender.RequestKeyframe(firSsrc) ? 1 : 0;
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
                        _retransmitter?.Retransmit(nack, _sender.VideoParameters);
                    }
                }
            }
        }

        lock (_gate)
        {
            _rtcpReceived++;
            _keyframeRequests += keyframeRequests;
            _nacksReceived += nacks;
        }
    }

    /// <summary>The receive half of <see cref="ClientPeer.GetStats"/>: everything but what was sent and the transport's counts.</summary>
    public ClientStats Snapshot()
    {
        var received = new Dictionary<uint, ReceivedStreamStats>();
        var byParticipant = new Dictionary<string, long>(StringComparer.Ordinal);
        long packets = 0;
        long lost = 0;
        long duplicates = 0;
        long payloadErrors = 0;
        lock (_gate)
        {
            foreach (ReceiveStreamCounter stream in _streams.Values)
            {
                RemoteTrack? track = stream.Track;
                received[stream.Ssrc] = new ReceivedStreamStats(stream.Ssrc, track?.SourceParticipantId, track?.TrackId, track?.Kind,
                    stream.OriginSsrc, stream.Packets, stream.Lost, stream.Duplicates, stream.PayloadErrors, stream.Keyframes, stream.Bytes)
                {
                    JitterMicroseconds = stream.Jitter * 1_000_000 / Stopwatch.Frequency,
                    PacketsByOriginSsrc = new Dictionary<uint, long>(stream.PacketsByOrigin),
                    OriginSwitches = stream.OriginSwitches,
                };
                packets += stream.Packets;
                lost += stream.Lost;
                duplicates += stream.Duplicates;
                payloadErrors += stream.PayloadErrors;
                if (track is not null)
                {
                    byParticipant[track.SourceParticipantId] = byParticipant.GetValueOrDefault(track.SourceParticipantId) + stream.Packets - stream.Duplicates;
                }
            }

            return new ClientStats
            {
                SentBySsrc = new Dictionary<uint, long>(),
                ReceivedBySsrc = received,
                ReceivedByParticipant = byParticipant,
                PacketsReceived = packets,
                Lost = lost,
                Duplicates = duplicates,
                PayloadErrors = payloadErrors,
                SrtpFailures = _malformed,
                UnknownSsrcPackets = _unknownSsrcPackets,
                RtcpPacketsReceived = _rtcpReceived,
                KeyframeRequestsReceived = _keyframeRequests,
                NacksReceived = _nacksReceived,
                PaddingProbesReceived = _paddingProbes,
            };
        }
    }

    private bool IsOurSsrc(uint ssrc) =>
        ssrc != 0 && (ssrc == _audioTrack?.Ssrc || ssrc == _videoTrack?.Ssrc || ssrc == _videoTrack?.RtxSsrc || ssrc == _screenTrack?.Ssrc);
}
