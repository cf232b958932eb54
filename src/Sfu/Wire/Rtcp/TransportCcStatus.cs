namespace Sfu.Wire.Rtcp;

/// <summary>
/// Packet status symbols of transport-wide CC feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1.1). The value is also the size
/// in bytes of the packet's receive delta. Symbol 3 is reserved and rejected by the reader.
/// </summary>
public enum TransportCcStatus : byte
{
    /// <summary>Packet not received; no delta.</summary>
    NotReceived = 0,

    /// <summary>Received with a small delta: one unsigned byte, 0-63.75 ms.</summary>
    ReceivedSmallDelta = 1,

    /// <summary>Received with a large or negative delta: two bytes, signed.</summary>
    ReceivedLargeDelta = 2,
}

/// <summary>One packet to report in a feedback message built by <see cref="TransportCcFeedbackWriter.Write"/>.</summary>
public readonly struct TransportCcPacket
{
    /// <summary>Describes a packet; <paramref name="deltaTicks"/> (250 µs units) is ignored when not received.</summary>
    public TransportCcPacket(ushort sequenceNumber, bool received, int deltaTicks)
    {
        SequenceNumber = sequenceNumber;
        Received = received;
        DeltaTicks = deltaTicks;
    }

    /// <summary>Transport-wide sequence number.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>True if the packet arrived.</summary>
    public bool Received { get; }

    /// <summary>
    /// Arrival time minus the previous received packet's (for the first one: minus the reference
    /// time), in 250 µs ticks; must fit a signed 16-bit value.
    /// </summary>
    public int DeltaTicks { get; }
}

/// <summary>One packet reported in a transport-wide CC feedback message, as yielded by the reader.</summary>
public readonly struct TransportCcPacketStatus
{
    internal TransportCcPacketStatus(ushort sequenceNumber, TransportCcStatus status, int deltaTicks, long arrivalTicks)
    {
        SequenceNumber = sequenceNumber;
        Status = status;
        DeltaTicks = deltaTicks;
        ArrivalTicks = arrivalTicks;
    }

    /// <summary>Transport-wide sequence number.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>The status symbol.</summary>
    public TransportCcStatus Status { get; }

    /// <summary>True unless <see cref="Status"/> is <see cref="TransportCcStatus.NotReceived"/>.</summary>
    public bool Received => Status != TransportCcStatus.NotReceived;

    /// <summary>Receive delta in 250 µs ticks (0 when not received).</summary>
    public int DeltaTicks { get; }

    /// <summary>
    /// Arrival time in 250 µs ticks on the feedback sender's clock: reference time × 256 plus all
    /// deltas so far. Only meaningful when <see cref="Received"/>; the reference time wraps every
    /// 2^24 × 64 ms, so compare arrival times only within one feedback sender's stream.
    /// </summary>
    public long ArrivalTicks { get; }
}
