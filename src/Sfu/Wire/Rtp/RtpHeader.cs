using System.Buffers.Binary;

namespace Sfu.Wire.Rtp;

/// <summary>
/// The parsed fixed header of an RTP packet plus the positions of its CSRC list, header extension,
/// payload and padding. It holds no reference to the packet: offsets index the span it was read from.
/// </summary>
/// <remarks>
/// RFC 3550 section 5.1:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// followed by the optional header extension (section 5.3.1), the payload and the optional padding
/// whose last byte counts the padding bytes including itself.
/// </remarks>
public readonly struct RtpHeader
{
    /// <summary>Length of the fixed header (no CSRCs, no extension).</summary>
    public const int FixedLength = 12;

    /// <summary>The only RTP version in use (RFC 3550).</summary>
    public const int Version = 2;

    private const int ExtensionHeaderLength = 4;

    private readonly ushort _headerLength;
    private readonly ushort _payloadLength;
    private readonly ushort _extensionOffset;
    private readonly ushort _extensionLength;
    private readonly ushort _extensionProfile;
    private readonly ushort _sequenceNumber;
    private readonly byte _paddingLength;
    private readonly byte _csrcCount;
    private readonly byte _payloadType;
    private readonly bool _marker;
    private readonly bool _hasExtension;
    private readonly uint _timestamp;
    private readonly uint _ssrc;

    private RtpHeader(
        int headerLength, int payloadLength, int paddingLength, int csrcCount, bool hasExtension,
        int extensionProfile, int extensionOffset, int extensionLength, bool marker, byte payloadType,
        ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        _headerLength = (ushort)headerLength;
        _payloadLength = (ushort)payloadLength;
        _paddingLength = (byte)paddingLength;
        _csrcCount = (byte)csrcCount;
        _hasExtension = hasExtension;
        _extensionProfile = (ushort)extensionProfile;
        _extensionOffset = (ushort)extensionOffset;
        _extensionLength = (ushort)extensionLength;
        _marker = marker;
        _payloadType = payloadType;
        _sequenceNumber = sequenceNumber;
        _timestamp = timestamp;
        _ssrc = ssrc;
    }

    /// <summary>Bytes before the payload: fixed header, CSRCs and header extension.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>Offset of the payload in the packet (equal to <see cref="HeaderLength"/>).</summary>
    public int PayloadOffset => _headerLength;

    /// <summary>Payload bytes, excluding padding.</summary>
    public int PayloadLength => _payloadLength;

    /// <summary>Padding bytes at the end of the packet, including the count byte; 0 when P is clear.</summary>
    public int PaddingLength => _paddingLength;

    /// <summary>Total packet length: header, payload and padding.</summary>
    public int PacketLength => _headerLength + _payloadLength + _paddingLength;

    /// <summary>True when the P bit was set.</summary>
    public bool HasPadding => _paddingLength != 0;

    /// <summary>Number of CSRC identifiers (0-15).</summary>
    public int CsrcCount => _csrcCount;

    /// <summary>True when the X bit was set and a header extension follows the CSRCs.</summary>
    public bool HasExtension => _hasExtension;

    /// <summary>The 16-bit "defined by profile" field: 0xBEDE (one-byte form) or 0x100X (two-byte form, RFC 8285).</summary>
    public int ExtensionProfile => _extensionProfile;

    /// <summary>Offset of the extension body (after its 4-byte header) in the packet; 0 without an extension.</summary>
    public int ExtensionOffset => _extensionOffset;

    /// <summary>Length in bytes of the extension body (a multiple of 4).</summary>
    public int ExtensionLength => _extensionLength;

    /// <summary>The marker bit.</summary>
    public bool Marker => _marker;

    /// <summary>The 7-bit payload type.</summary>
    public byte PayloadType => _payloadType;

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber => _sequenceNumber;

    /// <summary>The 32-bit RTP timestamp.</summary>
    public uint Timestamp => _timestamp;

    /// <summary>The synchronization source.</summary>
    public uint Ssrc => _ssrc;

    /// <summary>
    /// Parses and validates the header of <paramref name="packet"/>: version 2, CSRCs, extension and
    /// padding must all fit. Never throws; returns false on malformed input.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedLength || packet.Length > ushort.MaxValue)
        {
            return false;
        }

        byte first = packet[0];
        if (first >> 6 != Version)
        {
            return false;
        }

        bool padding = (first & 0x20) != 0;
        bool extension = (first & 0x10) != 0;
        int csrcCount = first & 0x0F;
        int headerLength = FixedLength + (csrcCount * 4);
        if (headerLength > packet.Length)
        {
            return false;
        }

        int extensionProfile = 0;
        int extensionOffset = 0;
        int extensionLength = 0;
        if (extension)
        {
            // RFC 3550 section 5.3.1: 16-bit profile, 16-bit length in 32-bit words, then the body.
            if (headerLength + ExtensionHeaderLength > packet.Length)
            {
                return false;
            }

            extensionProfile = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(headerLength));
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(headerLength + 2)) * 4;
            extensionOffset = headerLength + ExtensionHeaderLength;
            headerLength = extensionOffset + extensionLength;
            if (headerLength > packet.Length)
            {
                return false;
            }
        }

        int paddingLength = 0;
        if (padding)
        {
            // The last byte counts the padding including itself, so 0 is invalid.
            paddingLength = packet[^1];
            if (paddingLength == 0 || headerLength + paddingLength > packet.Length)
            {
                return false;
            }
        }

        header = new RtpHeader(
            headerLength,
            packet.Length - headerLength - paddingLength,
            paddingLength,
            csrcCount,
            extension,
            extensionProfile,
            extensionOffset,
            extensionLength,
            (packet[1] & 0x80) != 0,
            (byte)(packet[1] & 0x7F),
            BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8)));
        return true;
    }

    /// <summary>The CSRC at <paramref name="index"/> of the packet this header was read from.</summary>
    /// <remarks>Requires 0 &lt;= index &lt; <see cref="CsrcCount"/>.</remarks>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index) =>
        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(FixedLength + (index * 4)));

    /// <summary>The payload of the packet this header was read from (padding excluded).</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(_headerLength, _payloadLength);

    /// <summary>The header extension body of the packet this header was read from (empty without one).</summary>
    public ReadOnlySpan<byte> GetExtensionBody(ReadOnlySpan<byte> packet) => packet.Slice(_extensionOffset, _extensionLength);

    // In-place rewriters for forwarding (DESIGN.md hot-path rule 2). They expect a packet that
    // passed TryRead, i.e. at least FixedLength bytes.

    /// <summary>Overwrites the sequence number (bytes 2-3).</summary>
    public static void WriteSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2), sequenceNumber);

    /// <summary>Overwrites the timestamp (bytes 4-7).</summary>
    public static void WriteTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4), timestamp);

    /// <summary>Overwrites the SSRC (bytes 8-11).</summary>
    public static void WriteSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8), ssrc);

    /// <summary>Overwrites the 7-bit payload type, keeping the marker bit.</summary>
    public static void WritePayloadType(Span<byte> packet, byte payloadType) =>
        packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));

    /// <summary>Sets or clears the marker bit, keeping the payload type.</summary>
    public static void WriteMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);
}
