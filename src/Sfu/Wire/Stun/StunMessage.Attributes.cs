using System.Buffers.Binary;
using System.Net;

namespace Sfu.Wire.Stun;

/// <summary>Typed attribute accessors. Each returns false when the attribute is absent or has the wrong size.</summary>
public readonly ref partial struct StunMessage
{
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
}
