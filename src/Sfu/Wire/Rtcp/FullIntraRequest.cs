using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// Full Intra Request (PSFB, FMT 4; RFC 5104 section 4.3.1). The media source SSRC field is 0; the
/// FCI holds one 8-byte entry per requested source:
/// <code>
/// |                              SSRC                             |
/// | Seq nr.       |    Reserved                                   |
/// </code>
/// The sequence number increases by one for each new request to the same source.
/// </summary>
public readonly ref struct FullIntraRequest
{
    /// <summary>Bytes per FCI entry.</summary>
    public const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _fci;

    private FullIntraRequest(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>The media source field (0 per RFC 5104; kept for diagnostics).</summary>
    public uint MediaSsrc { get; }

    /// <summary>Number of FCI entries.</summary>
    public int EntryCount => _fci.Length / EntryLength;

    /// <summary>The entry at <paramref name="index"/> (0 &lt;= index &lt; <see cref="EntryCount"/>).</summary>
    public FirEntry GetEntry(int index) => new(
        BinaryPrimitives.ReadUInt32BigEndian(_fci.Slice(index * EntryLength)),
        _fci[(index * EntryLength) + 4]);

    /// <summary>Finds the request for <paramref name="ssrc"/>.</summary>
    public bool TryFind(uint ssrc, out byte sequenceNumber)
    {
        for (int i = 0; i < EntryCount; i++)
        {
            FirEntry entry = GetEntry(i);
            if (entry.Ssrc == ssrc)
            {
                sequenceNumber = entry.SequenceNumber;
                return true;
            }
        }

        sequenceNumber = 0;
        return false;
    }

    /// <summary>Reads a FIR at the start of <paramref name="packet"/>; false if it is not one or has no entry.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out FullIntraRequest fir)
    {
        fir = default;
        if (!RtcpFeedback.TryRead(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.FullIntraRequest,
                out uint sender, out uint media, out ReadOnlySpan<byte> fci)
            || fci.Length < EntryLength)
        {
            return false;
        }

        fir = new FullIntraRequest(sender, media, fci);
        return true;
    }

    /// <summary>Length of a FIR with <paramref name="entryCount"/> entries.</summary>
    public static int GetLength(int entryCount) => RtcpFeedback.HeaderLength + (entryCount * EntryLength);

    /// <summary>Writes a FIR asking <paramref name="mediaSsrc"/> for a keyframe; returns 20 or 0 if it does not fit.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber) =>
        Write(destination, senderSsrc, [new FirEntry(mediaSsrc, sequenceNumber)]);

    /// <summary>Writes a FIR with several entries; returns its length, or 0 if empty or it does not fit.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, ReadOnlySpan<FirEntry> entries)
    {
        int length = GetLength(entries.Length);
        if (entries.IsEmpty || length > destination.Length || length > RtcpHeader.MaxPacketLength)
        {
            return 0;
        }

        RtcpFeedback.Write(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormat.FullIntraRequest, length, senderSsrc, 0);
        for (int i = 0; i < entries.Length; i++)
        {
            Span<byte> entry = destination.Slice(RtcpFeedback.HeaderLength + (i * EntryLength), EntryLength);
            BinaryPrimitives.WriteUInt32BigEndian(entry, entries[i].Ssrc);
            entry[4] = entries[i].SequenceNumber;
            entry.Slice(5).Clear();
        }

        return length;
    }
}

/// <summary>One FIR request: the source that should send a keyframe and the command sequence number.</summary>
public readonly struct FirEntry
{
    /// <summary>Creates an entry.</summary>
    public FirEntry(uint ssrc, byte sequenceNumber)
    {
        Ssrc = ssrc;
        SequenceNumber = sequenceNumber;
    }

    /// <summary>The media source asked for a keyframe.</summary>
    public uint Ssrc { get; }

    /// <summary>Command sequence number (repeat requests keep it; a new request increments it).</summary>
    public byte SequenceNumber { get; }
}
