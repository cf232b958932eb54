using System.Buffers.Binary;

namespace Sfu.Wire.Stun;

/// <summary>
/// A validated view over one STUN message in a received datagram (RFC 5389 section 6, RFC 8489 section 5).
/// <see cref="TryRead"/> checks the framing once; accessors then read attributes in place, without
/// copying or allocating (except <see cref="TryGetXorMappedAddress(out System.Net.IPEndPoint?)"/>).
/// </summary>
public readonly ref partial struct StunMessage
{
    /// <summary>Length of the fixed header: type, length, magic cookie, transaction id.</summary>
    public const int HeaderLength = 20;

    /// <summary>Length of the transaction id.</summary>
    public const int TransactionIdLength = 12;

    /// <summary>The fixed magic cookie in bytes 4-7 of every RFC 5389 message.</summary>
    public const uint MagicCookie = 0x2112A442;

    private const int AttributeHeaderLength = 4;

    private readonly ReadOnlySpan<byte> _packet;

    // Offsets of the first MESSAGE-INTEGRITY and FINGERPRINT attribute headers, or -1 when absent.
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;

    private StunMessage(ReadOnlySpan<byte> packet, int integrityOffset, int fingerprintOffset)
    {
        _packet = packet;
        _integrityOffset = integrityOffset;
        _fingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    /// <summary>The 14-bit message type (method and class interleaved).</summary>
    public StunMessageType Type => (StunMessageType)BinaryPrimitives.ReadUInt16BigEndian(_packet);

    /// <summary>The 12-bit method, with the class bits removed (RFC 5389 section 6, figure 3).</summary>
    public ushort Method
    {
        get
        {
            int t = (ushort)Type;
            return (ushort)(((t & 0x3E00) >> 2) | ((t & 0x00E0) >> 1) | (t & 0x000F));
        }
    }

    /// <summary>The class from bits C1 (0x0100) and C0 (0x0010).</summary>
    public StunMessageClass Class
    {
        get
        {
            int t = (ushort)Type;
            return (StunMessageClass)(((t >> 7) & 0b10) | ((t >> 4) & 0b01));
        }
    }

    /// <summary>The 96-bit transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _packet.Slice(8, TransactionIdLength);

    /// <summary>True when a MESSAGE-INTEGRITY attribute is present.</summary>
    public bool HasMessageIntegrity => _integrityOffset >= 0;

    /// <summary>True when a FINGERPRINT attribute is present (anywhere; it only verifies when it is last).</summary>
    public bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>
    /// Cheap first-look test for demultiplexing: at least a header, the two leading zero bits and the
    /// magic cookie. It does not validate lengths or attributes; use <see cref="TryRead"/> for that.
    /// </summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> packet) =>
        packet.Length >= HeaderLength
        && (packet[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)) == MagicCookie;

    /// <summary>
    /// Validates the framing of <paramref name="packet"/> (RFC 5389 sections 6 and 15): the two leading zero
    /// bits, a length that is a multiple of 4 and equals the bytes after the header, the magic cookie, and
    /// attributes whose padded values fit exactly. Never throws; returns false on any violation.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out StunMessage message)
    {
        message = default;
        if (packet.Length < HeaderLength || (packet[0] & 0xC0) != 0)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));
        if ((length & 3) != 0 || length != packet.Length - HeaderLength)
        {
            return false;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)) != MagicCookie)
        {
            return false;
        }

        int integrityOffset = -1;
        int fingerprintOffset = -1;
        int offset = HeaderLength;
        while (offset < packet.Length)
        {
            // The body length is a multiple of 4 and so is every padded attribute, so a header always fits here.
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset));
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(offset + 2));
            int paddedLength = (valueLength + 3) & ~3;
            if (paddedLength > packet.Length - offset - AttributeHeaderLength)
            {
                return false;
            }

            if (type == StunAttributeType.MessageIntegrity && integrityOffset < 0)
            {
                integrityOffset = offset;
            }
            else if (type == StunAttributeType.Fingerprint && fingerprintOffset < 0)
            {
                fingerprintOffset = offset;
            }

            offset += AttributeHeaderLength + paddedLength;
        }

        message = new StunMessage(packet, integrityOffset, fingerprintOffset);
        return true;
    }

    /// <summary>Enumerates every attribute in wire order, including any after MESSAGE-INTEGRITY.</summary>
    public StunAttributeEnumerator GetAttributes() => new(_packet.Slice(HeaderLength));

    /// <summary>
    /// Finds the first attribute of <paramref name="type"/>. Attributes after MESSAGE-INTEGRITY are ignored,
    /// except FINGERPRINT, as RFC 5389 section 15.4 requires.
    /// </summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        bool afterIntegrityAllowed = type == StunAttributeType.Fingerprint || type == StunAttributeType.MessageIntegrity;
        foreach (StunAttribute attribute in GetAttributes())
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }

            if (attribute.Type == StunAttributeType.MessageIntegrity && !afterIntegrityAllowed)
            {
                break;
            }
        }

        value = default;
        return false;
    }
}
