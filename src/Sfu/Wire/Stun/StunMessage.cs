using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Sfu.Wire.Stun;

/// <summary>
/// A validated view over one STUN message in a received datagram (RFC 5389 section 6, RFC 8489 section 5).
/// <see cref="TryRead"/> checks the framing once; accessors then read attributes in place, without
/// copying or allocating (except <see cref="TryGetXorMappedAddress(out System.Net.IPEndPoint?)"/>).
/// </summary>
public readonly ref struct StunMessage
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

    // Typed attribute accessors. Each returns false when the attribute is absent or has the wrong size.

    /// <summary>USERNAME (RFC 5389 section 15.3); for ICE it is "recipientUfrag:senderUfrag" (RFC 8445 section 7.2.2).</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) =>
        TryGetAttribute(StunAttributeType.Username, out username);

    /// <summary>PRIORITY (RFC 8445 section 7.1.1), a 32-bit value.</summary>
    public bool TryGetPriority(out uint priority)
    {
        if (TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> value) && value.Length == 4)
        {
            priority = BinaryPrimitives.ReadUInt32BigEndian(value);
            return true;
        }

        priority = 0;
        return false;
    }

    /// <summary>True when USE-CANDIDATE (RFC 8445 section 7.1.2) is present; its value is empty.</summary>
    public bool HasUseCandidate => TryGetAttribute(StunAttributeType.UseCandidate, out _);

    /// <summary>ICE-CONTROLLING and its 64-bit tie-breaker (RFC 8445 section 7.1.3).</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) =>
        TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED and its 64-bit tie-breaker (RFC 8445 section 7.1.3).</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) =>
        TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>
    /// ERROR-CODE (RFC 5389 section 15.6): the code is class * 100 + number, with class 3-6 and number 0-99;
    /// the reason phrase is UTF-8.
    /// </summary>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out ReadOnlySpan<byte> value) || value.Length < 4)
        {
            return false;
        }

        int errorClass = value[2] & 0x07;
        int number = value[3];
        if (errorClass < 3 || errorClass > 6 || number > 99)
        {
            return false;
        }

        code = (errorClass * 100) + number;
        reason = value.Slice(4);
        return true;
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 5389 section 15.2), IPv4 or IPv6. Allocates the endpoint; not for the hot path.</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        Span<byte> address = stackalloc byte[16];
        if (TryGetXorMappedAddress(address, out int addressLength, out ushort port))
        {
            endPoint = new IPEndPoint(new IPAddress(address.Slice(0, addressLength)), port);
            return true;
        }

        endPoint = null;
        return false;
    }

    /// <summary>XOR-MAPPED-ADDRESS without allocating: the address (4 or 16 bytes) goes into a buffer of at least 16 bytes.</summary>
    public bool TryGetXorMappedAddress(Span<byte> address, out int addressLength, out ushort port)
    {
        if (TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value))
        {
            return StunXorAddress.TryDecode(value, TransactionId, address, out addressLength, out port);
        }

        addressLength = 0;
        port = 0;
        return false;
    }

    private bool TryGetUInt64(ushort type, out ulong result)
    {
        if (TryGetAttribute(type, out ReadOnlySpan<byte> value) && value.Length == 8)
        {
            result = BinaryPrimitives.ReadUInt64BigEndian(value);
            return true;
        }

        result = 0;
        return false;
    }

    // MESSAGE-INTEGRITY and FINGERPRINT checks.

    /// <summary>
    /// Checks MESSAGE-INTEGRITY (RFC 5389 section 15.4): HMAC-SHA1 with <paramref name="key"/> over the message
    /// up to the attribute, with the header length rewritten to end just after MESSAGE-INTEGRITY (so a
    /// following FINGERPRINT is excluded). For ICE short-term credentials the key is the UTF-8 password.
    /// Compares in constant time; does not allocate.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int offset = _integrityOffset;
        if (offset < 0 || BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(offset + 2)) != StunIntegrity.Length)
        {
            return false;
        }

        Span<byte> computed = stackalloc byte[StunIntegrity.Length];
        if (!StunIntegrity.TryComputeForReceived(_packet.Slice(0, offset), key, computed))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(computed, _packet.Slice(offset + 4, StunIntegrity.Length));
    }

    /// <summary>
    /// Checks FINGERPRINT (RFC 5389 section 15.5): it must be the last attribute, 4 bytes long, and equal the
    /// CRC-32 of everything before it XOR 0x5354554E. The header length already covers it, so no rewrite is needed.
    /// </summary>
    public bool VerifyFingerprint()
    {
        int offset = _fingerprintOffset;
        if (offset < 0
            || offset + 8 != _packet.Length
            || BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(offset + 2)) != 4)
        {
            return false;
        }

        uint expected = StunCrc32.ComputeFingerprint(_packet.Slice(0, offset));
        return BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(offset + 4)) == expected;
    }
}
