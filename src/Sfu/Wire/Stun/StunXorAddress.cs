using System.Buffers.Binary;

namespace Sfu.Wire.Stun;

/// <summary>
/// The XOR-MAPPED-ADDRESS value encoding (RFC 5389 section 15.2): a reserved byte, the family
/// (0x01 IPv4, 0x02 IPv6), the port XORed with the top 16 bits of the magic cookie, and the address
/// XORed with the magic cookie (IPv4) or with the magic cookie followed by the transaction id (IPv6).
/// </summary>
public static class StunXorAddress
{
    /// <summary>Family byte for IPv4.</summary>
    public const byte FamilyIPv4 = 0x01;

    /// <summary>Family byte for IPv6.</summary>
    public const byte FamilyIPv6 = 0x02;

    /// <summary>Value length of an IPv4 XOR-MAPPED-ADDRESS.</summary>
    public const int IPv4ValueLength = 8;

    /// <summary>Value length of an IPv6 XOR-MAPPED-ADDRESS.</summary>
    public const int IPv6ValueLength = 20;

    /// <summary>
    /// Writes the attribute value for <paramref name="address"/> (4 or 16 bytes, network order) and
    /// <paramref name="port"/>; returns the value length, or 0 when the address length or the
    /// destination size is wrong.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> address, ushort port, ReadOnlySpan<byte> transactionId, Span<byte> value)
    {
        if ((address.Length != 4 && address.Length != 16) || transactionId.Length != StunMessage.TransactionIdLength)
        {
            return 0;
        }

        int length = 4 + address.Length;
        if (value.Length < length)
        {
            return 0;
        }

        value[0] = 0;
        value[1] = address.Length == 4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value.Slice(2), (ushort)(port ^ (StunMessage.MagicCookie >> 16)));
        Span<byte> key = stackalloc byte[16];
        FillXorKey(transactionId, key);
        for (int i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ key[i]);
        }

        return length;
    }

    /// <summary>
    /// Reads an attribute value into <paramref name="address"/> (at least 16 bytes) without allocating.
    /// Returns false for a wrong length or an unknown family.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        if (value.Length < 4 || transactionId.Length != StunMessage.TransactionIdLength || address.Length < 16)
        {
            return false;
        }

        int expected = value[1] switch
        {
            FamilyIPv4 => IPv4ValueLength,
            FamilyIPv6 => IPv6ValueLength,
            _ => -1,
        };
        if (value.Length != expected)
        {
            return false;
        }

        port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value.Slice(2)) ^ (StunMessage.MagicCookie >> 16));
        addressLength = expected - 4;
        Span<byte> key = stackalloc byte[16];
        FillXorKey(transactionId, key);
        for (int i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ key[i]);
        }

        return true;
    }

    // The XOR pad is the magic cookie followed by the 96-bit transaction id; IPv4 uses its first 4 bytes.
    private static void FillXorKey(ReadOnlySpan<byte> transactionId, Span<byte> key)
    {
        BinaryPrimitives.WriteUInt32BigEndian(key, StunMessage.MagicCookie);
        transactionId.CopyTo(key.Slice(4));
    }
}
