namespace Sfu.Client;

/// <summary>Snapshots of the peer's counters.</summary>
public sealed partial class ClientPeer
{
    public ClientStats GetStats()
    {
        var sent = new Dictionary<uint, long>(2);
        long packetsSent = 0;
        if (AudioTrack is not null)
        {
            long audio = Interlocked.Read(ref _audioSent);
            sent[AudioTrack.Ssrc] = audio;
            packetsSent += audio;
        }

        if (VideoTrack is not null)
        {
            long video = Interlocked.Read(ref _videoSent);
            sent[VideoTrack.Ssrc] = video;
            packetsSent += video;
        }

        var received = new Dictionary<uint, ReceivedStreamStats>();
        var byParticipant = new Dictionary<string, long>(StringComparer.Ordinal);
        long packets = 0;
        long lost = 0;
        long duplicates = 0;
        long payloadErrors = 0;
        lock (_statsGate)
        {
            foreach (ReceiveStreamCounter stream in _receiveStreams.Values)
            {
                RemoteTrack? track = stream.Track;
                received[stream.Ssrc] = new ReceivedStreamStats(stream.Ssrc, track?.SourceParticipantId, track?.TrackId, track?.Kind,
                    stream.OriginSsrc, stream.Packets, stream.Lost, stream.Duplicates, stream.PayloadErrors, stream.Keyframes, stream.Bytes);
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
                SentBySsrc = sent,
                ReceivedBySsrc = received,
                ReceivedByParticipant = byParticipant,
                PacketsSent = packetsSent,
                PacketsReceived = packets,
                Lost = lost,
                Duplicates = duplicates,
                PayloadErrors = payloadErrors,
                SrtpFailures = _srtpFailures,
                SrtpReplays = _srtpReplays,
                PacketsBeforeKeys = _packetsBeforeKeys,
                UnknownSsrcPackets = _unknownSsrcPackets,
                RtcpPacketsReceived = _rtcpReceived,
                KeyframeRequestsReceived = _keyframeRequests,
                NacksReceived = _nacksReceived,
                NacksSent = _nackTracker?.NacksWritten ?? 0,
                SequenceNumbersNacked = _nackTracker?.SequenceNumbersNacked ?? 0,
                RecoveredAfterNack = _nackTracker?.Recovered ?? 0,
                NackGivenUp = _nackTracker?.GivenUp ?? 0,
                RetransmissionsSent = Interlocked.Read(ref _retransmissionsSent),
                RetransmissionsMissed = Interlocked.Read(ref _retransmissionsMissed),
                SendFailures = Interlocked.Read(ref _sendFailures),
            };
        }
    }

    /// <summary>Authenticated RTP packets received so far, cheaper than a full <see cref="GetStats"/>.</summary>
    public long PacketsReceived
    {
        get
        {
            long total = 0;
            lock (_statsGate)
            {
                foreach (ReceiveStreamCounter stream in _receiveStreams.Values)
                {
                    total += stream.Packets;
                }
            }

            return total;
        }
    }
}
