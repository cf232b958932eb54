using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Sfu.Wire.Stun;

/// <summary>
/// Builds one STUN message (RFC 5389 section 6) into a caller's buffer. The header length is kept current
/// after every attribute. Nothing throws: an attribute that does not fit, or an invalid argument, leaves the
/// message as it was, returns false and sets <see cref="HasOverflowed"/>; every later add then fails too, so
/// checking the flag once at the end is enough. Add MESSAGE-INTEGRITY and then FINGERPRINT last.
/// </summary>
public ref struct StunWriter
{
    private const int AttributeHeaderLength = 4;

    private readonly Span<byte> _buffer;
    private int _length;
    private bool _overflowed;

    /// <summary>Writes the header. Fails (sets <see cref="HasOverflowed"/>) if the buffer is shorter than 20 bytes or the id is not 12 bytes.</summary>
    public StunWriter(Span<byte> buffer, StunMessageType type, scoped ReadOnlySpan<byte> transactionId)
    {
        _buffer = buffer;
        _length = 0;
        _overflowed = false;
        PaddingByte = 0;
        if (buffer.Length < StunMessage.HeaderLength || transactionId.Length != StunMessage.TransactionIdLength)
        {
            _overflowed = true;
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)((ushort)type & 0x3FFF));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.Slice(2), 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), StunMessage.MagicCookie);
        transactionId.CopyTo(buffer.Slice(8));
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Bytes written so far; always a complete message (the attributes added successfully).</summary>
    public readonly int Length => _length;

    /// <summary>True once any add failed for lack of room or a bad argument; do not send the message then.</summary>
    public readonly bool HasOverflowed => _overflowed;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.Slice(0, _length);

    /// <summary>
    /// The byte used to pad values to 4 bytes. RFC 5389 section 15 says padding may be any value; 0 is usual,
    /// and the RFC 5769 test vectors use 0x20, which matters because MESSAGE-INTEGRITY covers the padding.
    /// </summary>
    public byte PaddingByte { get; set; }

    /// <summary>Adds any attribute with a raw value.</summary>
    public bool AddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        if (!TryReserve(type, value.Length, out Span<byte> destination))
        {
            return false;
        }

        value.CopyTo(destination);
        return true;
    }

    /// <summary>USERNAME (RFC 5389 section 15.3).</summary>
    public bool AddUsername(scoped ReadOnlySpan<byte> username) => AddAttribute(StunAttributeType.Username, username);

    /// <summary>SOFTWARE (RFC 5389 section 15.10).</summary>
    public bool AddSoftware(scoped ReadOnlySpan<byte> software) => AddAttribute(StunAttributeType.Software, software);

    /// <summary>PRIORITY (RFC 8445 section 7.1.1).</summary>
    public bool AddPriority(uint priority) => AddUInt32(StunAttributeType.Priority, priority);

    /// <summary>USE-CANDIDATE (RFC 8445 section 7.1.2), an empty value.</summary>
    public bool AddUseCandidate() => AddAttribute(StunAttributeType.UseCandidate, ReadOnlySpan<byte>.Empty);

    /// <summary>ICE-CONTROLLING with the agent's tie-breaker (RFC 8445 section 7.1.3).</summary>
    public bool AddIceControlling(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlling, tieBreaker);

    /// <summary>ICE-CONTROLLED with the agent's tie-breaker (RFC 8445 section 7.1.3).</summary>
    public bool AddIceControlled(ulong tieBreaker) => AddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>XOR-MAPPED-ADDRESS from raw address bytes (4 or 16) and a port (RFC 5389 section 15.2).</summary>
    public bool AddXorMappedAddress(scoped ReadOnlySpan<byte> address, ushort port)
    {
        if ((address.Length != 4 && address.Length != 16) || _length < StunMessage.HeaderLength)
        {
            _overflowed = true;
            return false;
        }

        if (!TryReserve(StunAttributeType.XorMappedAddress, 4 + address.Length, out Span<byte> value))
        {
            return false;
        }

        StunXorAddress.Encode(address, port, _buffer.Slice(8, StunMessage.TransactionIdLength), value);
        return true;
    }

    /// <summary>XOR-MAPPED-ADDRESS straight from a received <see cref="SocketAddress"/>, so the hot path needs no IPEndPoint.</summary>
    public bool AddXorMappedAddress(SocketAddress socketAddress)
    {
        Span<byte> address = stackalloc byte[16];
        if (!SocketAddressBytes.TryRead(socketAddress, address, out int addressLength, out ushort port))
        {
            _overflowed = true;
            return false;
        }

        return AddXorMappedAddress(address.Slice(0, addressLength), port);
    }

    /// <summary>XOR-MAPPED-ADDRESS from an address and port; an IPv4-mapped IPv6 address is written as IPv4.</summary>
    public bool AddXorMappedAddress(IPAddress address, ushort port)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            _overflowed = true;
            return false;
        }

        ReadOnlySpan<byte> raw = bytes.Slice(0, written);
        if (written == 16 && SocketAddressBytes.IsIPv4Mapped(raw))
        {
            raw = raw.Slice(12);
        }

        return AddXorMappedAddress(raw, port);
    }

    /// <summary>XOR-MAPPED-ADDRESS from an endpoint.</summary>
    public bool AddXorMappedAddress(IPEndPoint endPoint) => AddXorMappedAddress(endPoint.Address, (ushort)endPoint.Port);

    /// <summary>ERROR-CODE (RFC 5389 section 15.6) with a UTF-8 reason phrase; the code must be 300-699.</summary>
    public bool AddErrorCode(int code, scoped ReadOnlySpan<byte> reason)
    {
        if (!TryReserveErrorCode(code, reason.Length, out Span<byte> reasonDestination))
        {
            return false;
        }

        reason.CopyTo(reasonDestination);
        return true;
    }

    /// <summary>ERROR-CODE with a reason phrase given as a string (encoded as UTF-8 without allocating).</summary>
    public bool AddErrorCode(int code, string reason)
    {
        int byteCount = Encoding.UTF8.GetByteCount(reason);
        if (!TryReserveErrorCode(code, byteCount, out Span<byte> reasonDestination))
        {
            return false;
        }

        Encoding.UTF8.GetBytes(reason, reasonDestination);
        return true;
    }

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 5389 section 15.9): the 16-bit types a 420 response rejects.</summary>
    public bool AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        if (!TryReserve(StunAttributeType.UnknownAttributes, types.Length * 2, out Span<byte> value))
        {
            return false;
        }

        for (int i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value.Slice(i * 2), types[i]);
        }

        return true;
    }

    /// <summary>
    /// MESSAGE-INTEGRITY (RFC 5389 section 15.4): the header length is first set to include this attribute, then
    /// HMAC-SHA1 with <paramref name="key"/> is computed over everything before it.
    /// </summary>
    public bool AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        int start = _length;
        if (!TryReserve(StunAttributeType.MessageIntegrity, StunIntegrity.Length, out Span<byte> value))
        {
            return false;
        }

        if (!StunIntegrity.TryCompute(_buffer.Slice(0, start), key, value))
        {
            Rollback(start);
            return false;
        }

        return true;
    }

    /// <summary>FINGERPRINT (RFC 5389 section 15.5): CRC-32 of everything before it XOR 0x5354554E. Must be last.</summary>
    public bool AddFingerprint()
    {
        int start = _length;
        if (!TryReserve(StunAttributeType.Fingerprint, 4, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, StunCrc32.ComputeFingerprint(_buffer.Slice(0, start)));
        return true;
    }

    private bool AddUInt32(ushort type, uint number)
    {
        if (!TryReserve(type, 4, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, number);
        return true;
    }

    private bool AddUInt64(ushort type, ulong number)
    {
        if (!TryReserve(type, 8, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(value, number);
        return true;
    }

    // ERROR-CODE value: 21 reserved zero bits, the class (hundreds digit) in 3 bits, the number (0-99) in 8 bits, then the reason.
    private bool TryReserveErrorCode(int code, int reasonLength, out Span<byte> reasonDestination)
    {
        reasonDestination = default;
        if (code < 300 || code > 699)
        {
            _overflowed = true;
            return false;
        }

        if (!TryReserve(StunAttributeType.ErrorCode, 4 + reasonLength, out Span<byte> value))
        {
            return false;
        }

        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reasonDestination = value.Slice(4);
        return true;
    }

    // Claims room for one attribute, writes its header and padding, and updates the header length (which
    // MESSAGE-INTEGRITY and FINGERPRINT need to cover themselves before they are computed).
    private bool TryReserve(ushort type, int valueLength, out Span<byte> value)
    {
        value = default;
        if (_overflowed)
        {
            return false;
        }

        int paddedLength = (valueLength + 3) & ~3;
        int attributeLength = AttributeHeaderLength + paddedLength;
        if (valueLength > ushort.MaxValue
            || attributeLength > _buffer.Length - _length
            || _length - StunMessage.HeaderLength + attributeLength > ushort.MaxValue)
        {
            _overflowed = true;
            return false;
        }

        Span<byte> attribute = _buffer.Slice(_length, attributeLength);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute.Slice(2), (ushort)valueLength);
        attribute.Slice(AttributeHeaderLength + valueLength).Fill(PaddingByte);
        value = attribute.Slice(AttributeHeaderLength, valueLength);
        _length += attributeLength;
        WriteHeaderLength();
        return true;
    }

    private void Rollback(int length)
    {
        _length = length;
        _overflowed = true;
        WriteHeaderLength();
    }

    private readonly void WriteHeaderLength() =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), (ushort)(_length - StunMessage.HeaderLength));
}
