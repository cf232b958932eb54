namespace Sfu.Wire.Rtcp;

/// <summary>
/// One Generic NACK FCI entry (RFC 4585 section 6.2.1): PID, a lost sequence number, and BLP, a
/// bitmask whose bit i (least significant = 0) reports PID + i + 1 lost as well.
/// </summary>
public readonly struct NackItem
{
    /// <summary>Creates an entry.</summary>
    public NackItem(ushort packetId, ushort lostBitmask)
    {
        PacketId = packetId;
        LostBitmask = lostBitmask;
    }

    /// <summary>PID: the first lost sequence number.</summary>
    public ushort PacketId { get; }

    /// <summary>BLP: bitmask of following lost packets.</summary>
    public ushort LostBitmask { get; }

    /// <summary>Number of sequence numbers this entry reports (1-17).</summary>
    public int LostCount => 1 + System.Numerics.BitOperations.PopCount(LostBitmask);
}
