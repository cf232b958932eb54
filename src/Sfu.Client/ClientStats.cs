using Sfu.Engine;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>A snapshot of what one <see cref="ClientPeer"/> sent and received.</summary>
public sealed record ClientStats
{
    /// <summary>RTP packets handed to the socket, by our SSRC.</summary>
    public required IReadOnlyDictionary<uint, long> SentBySsrc { get; init; }

    /// <summary>Authenticated RTP received, by the SSRC the server sent it with.</summary>
    public required IReadOnlyDictionary<uint, ReceivedStreamStats> ReceivedBySsrc { get; init; }

    /// <summary>Received RTP packets (duplicates excluded) by the participant that published them.</summary>
    public required IReadOnlyDictionary<string, long> ReceivedByParticipant { get; init; }

    public long PacketsSent { get; init; }

    /// <summary>Authenticated RTP packets received, duplicates included.</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Sequence numbers missing inside every received stream's range.</summary>
    public long Lost { get; init; }

    public long Duplicates { get; init; }

    /// <summary>Packets whose payload was not exactly what its publisher wrote (or whose counter skipped).</summary>
    public long PayloadErrors { get; init; }

    /// <summary>SRTP/SRTCP packets that failed authentication or were malformed.</summary>
    public long SrtpFailures { get; init; }

    /// <summary>SRTP/SRTCP packets the replay window refused (a duplicate on the wire).</summary>
    public long SrtpReplays { get; init; }

    /// <summary>SRTP/SRTCP that arrived before our DTLS handshake had derived the keys (dropped, as a browser would).</summary>
    public long PacketsBeforeKeys { get; init; }

    /// <summary>RTP on an SSRC no server description announced.</summary>
    public long UnknownSsrcPackets { get; init; }

    public long RtcpPacketsReceived { get; init; }

    /// <summary>PLI and FIR entries naming our video SSRC.</summary>
    public long KeyframeRequestsReceived { get; init; }

    /// <summary>Generic NACKs naming one of our SSRCs (the server saw a gap in what we sent).</summary>
    public long NacksReceived { get; init; }

    /// <summary>Generic NACK packets we sent for gaps in received video (<see cref="ClientPeerOptions.SendNacks"/>).</summary>
    public long NacksSent { get; init; }

    /// <summary>Sequence numbers our NACKs asked for (one asked twice counts twice).</summary>
    public long SequenceNumbersNacked { get; init; }

    /// <summary>Missing packets that arrived after we NACKed them.</summary>
    public long RecoveredAfterNack { get; init; }

    /// <summary>Missing packets our NACKing gave up on (too many retries, too old).</summary>
    public long NackGivenUp { get; init; }

    /// <summary>RTX packets sent in answer to NACKs for our video (<see cref="ClientPeerOptions.RetransmitOnNack"/>).</summary>
    public long RetransmissionsSent { get; init; }

    /// <summary>NACKed sequence numbers we could not retransmit (no longer held, resent too recently, or the send failed).</summary>
    public long RetransmissionsMissed { get; init; }

    /// <summary>Packets that could not be protected or that the socket refused.</summary>
    public long SendFailures { get; init; }

    /// <summary>Padding-only bandwidth probes from the server (on a track's RTX SSRC), acknowledged but not counted as streams.</summary>
    public long PaddingProbesReceived { get; init; }

    /// <summary>Transport-cc feedback messages sent (<see cref="ClientPeerOptions.SendTransportCcFeedback"/>).</summary>
    public long TransportCcFeedbackSent { get; init; }

    /// <summary>RTP datagrams the receive rate limit dropped (<see cref="ClientPeer.SetReceiveRateLimit"/>).</summary>
    public long ReceiveLimitDrops { get; init; }
}

/// <summary>What arrived on one incoming SSRC.</summary>
public sealed record ReceivedStreamStats(
    uint Ssrc,
    string? SourceParticipantId,
    string? TrackId,
    MediaKind? Kind,
    uint OriginSsrc,
    long Packets,
    long Lost,
    long Duplicates,
    long PayloadErrors,
    long Keyframes,
    long Bytes)
{
    /// <summary>Interarrival jitter of the payloads' send stamps (RFC 3550 6.4.1), in microseconds; 0 without stamps.</summary>
    public double JitterMicroseconds { get; init; }

    /// <summary>Valid packets by the publisher SSRC in their payload: which simulcast layers arrived on this stream, and how much of each.</summary>
    public IReadOnlyDictionary<uint, long> PacketsByOriginSsrc { get; init; } = new Dictionary<uint, long>();

    /// <summary>Times the payload's origin changed (simulcast layer switches).</summary>
    public long OriginSwitches { get; init; }
}
