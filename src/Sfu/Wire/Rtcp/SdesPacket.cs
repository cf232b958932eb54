using System.Buffers.Binary;
using System.Text;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// SDES: source description (RFC 3550 section 6.5). After the common header (SC = chunk count,
/// PT = 202) come SC chunks, each an SSRC/CSRC followed by items (<c>type | length | text</c>)
/// ended by a null octet and padded with null octets to the next 32-bit boundary.
/// </summary>
public readonly ref struct SdesPacket
{
    /// <summary>Longest item text (8-bit length).</summary>
    public const int MaxItemLength = 255;

    private readonly ReadOnlySpan<byte> _chunks;

    private SdesPacket(ReadOnlySpan<byte> chunks, int chunkCount)
    {
        _chunks = chunks;
        ChunkCount = chunkCount;
    }

    /// <summary>Number of chunks (the SC field).</summary>
    public int ChunkCount { get; }

    /// <summary>For <c>foreach</c> over the chunks.</summary>
    public SdesChunkEnumerator GetEnumerator() => new(_chunks, ChunkCount);

    /// <summary>
    /// Reads the SDES packet at the start of <paramref name="packet"/> and validates every chunk and
    /// item; false if any does not fit.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out SdesPacket sdes)
    {
        sdes = default;
        if (!RtcpHeader.TryRead(packet, out RtcpHeader header) || header.PacketType != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        ReadOnlySpan<byte> chunks = header.GetPayload(packet);
        int offset = 0;
        for (int i = 0; i < header.Count; i++)
        {
            if (!TryParseChunk(chunks, offset, out _, out _, out offset))
            {
                return false;
            }
        }

        sdes = new SdesPacket(chunks, header.Count);
        return true;
    }

    /// <summary>Length of an SDES packet with one chunk holding a CNAME of <paramref name="cnameLength"/> bytes.</summary>
    public static int GetCnameLength(int cnameLength) =>
        (RtcpHeader.Length + 4 + 2 + cnameLength + 1 + 3) & ~3; // header, SSRC, item, null, pad to 32 bits

    /// <summary>Writes an SDES packet with one chunk holding only a CNAME; returns its length or 0 if it does not fit.</summary>
    public static int WriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname)
    {
        int length = GetCnameLength(cname.Length);
        if (cname.Length > MaxItemLength || length > destination.Length)
        {
            return 0;
        }

        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ssrc);
        destination[8] = (byte)SdesItemType.Cname;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination.Slice(10));
        destination.Slice(10 + cname.Length, length - 10 - cname.Length).Clear(); // null item + padding
        return length;
    }

    /// <summary>Same as <see cref="WriteCname(Span{byte}, uint, ReadOnlySpan{byte})"/> with the CNAME encoded as UTF-8 (no allocation).</summary>
    public static int WriteCname(Span<byte> destination, uint ssrc, string cname)
    {
        Span<byte> utf8 = stackalloc byte[MaxItemLength];
        return Encoding.UTF8.TryGetBytes(cname, utf8, out int written) ? WriteCname(destination, ssrc, utf8.Slice(0, written)) : 0;
    }

    /// <summary>
    /// Parses the chunk at <paramref name="offset"/> of the chunk area: 4-byte SSRC, items, a null
    /// octet, then null padding to a 32-bit boundary. Outputs the item span and the next chunk offset.
    /// </summary>
    internal static bool TryParseChunk(ReadOnlySpan<byte> chunks, int offset, out int itemsStart, out int itemsEnd, out int next)
    {
        itemsStart = offset + 4;
        itemsEnd = itemsStart;
        next = chunks.Length;
        if (itemsStart > chunks.Length)
        {
            return false;
        }

        int position = itemsStart;
        while (true)
        {
            if (position >= chunks.Length)
            {
                return false; // no terminating null octet
            }

            if (chunks[position] == (byte)SdesItemType.End)
            {
                break;
            }

            if (position + 2 > chunks.Length || position + 2 + chunks[position + 1] > chunks.Length)
            {
                return false;
            }

            position += 2 + chunks[position + 1];
        }

        itemsEnd = position;
        next = (position + 1 + 3) & ~3; // skip the null octet, then pad to 32 bits
        return next <= chunks.Length;
    }
}

/// <summary>Enumerates the chunks of an SDES packet that <see cref="SdesPacket.TryRead"/> has validated.</summary>
public ref struct SdesChunkEnumerator
{
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly int _count;
    private int _index;
    private int _offset;
    private SdesChunk _current;

    internal SdesChunkEnumerator(ReadOnlySpan<byte> chunks, int count)
    {
        _chunks = chunks;
        _count = count;
        _index = 0;
        _offset = 0;
        _current = default;
    }

    /// <summary>The current chunk.</summary>
    public readonly SdesChunk Current => _current;

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly SdesChunkEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next chunk.</summary>
    public bool MoveNext()
    {
        if (_index >= _count
            || !SdesPacket.TryParseChunk(_chunks, _offset, out int itemsStart, out int itemsEnd, out int next))
        {
            return false;
        }

        _current = new SdesChunk(
            BinaryPrimitives.ReadUInt32BigEndian(_chunks.Slice(_offset)),
            _chunks.Slice(itemsStart, itemsEnd - itemsStart));
        _offset = next;
        _index++;
        return true;
    }
}
