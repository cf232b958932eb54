using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport;

/// <summary>
/// A remote UDP address as a value, so it can key a dictionary without holding on to the
/// <see cref="SocketAddress"/> the receive loop reuses (hot-path rule 8). IPv4 addresses are
/// stored as IPv4-mapped IPv6 so one key type covers both families.
/// </summary>
public readonly struct SocketAddressKey : IEquatable<SocketAddressKey>
{
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly ushort _port;

    private SocketAddressKey(ulong high, ulong low, ushort port)
    {
        _high = high;
        _low = low;
        _port = port;
    }

    public int Port => _port;

    /// <summary>Reads the family, address and port out of a raw socket address without allocating.</summary>
    public static bool TryCreate(SocketAddress address, out SocketAddressKey key)
    {
        key = default;
        ReadOnlySpan<byte> raw = address.Buffer.Span[..address.Size];
        // sockaddr layout: family (2 bytes, little endian on Linux), port (2 bytes, network order), then the address.
        if (address.Family == AddressFamily.InterNetwork && raw.Length >= 8)
        {
            ushort port = (ushort)((raw[2] << 8) | raw[3]);
            uint v4 = (uint)((raw[4] << 24) | (raw[5] << 16) | (raw[6] << 8) | raw[7]);
            key = new SocketAddressKey(0, 0x0000FFFF00000000UL | v4, port);
            return true;
        }

        if (address.Family == AddressFamily.InterNetworkV6 && raw.Length >= 24)
        {
            ushort port = (ushort)((raw[2] << 8) | raw[3]);
            ulong high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(raw.Slice(8, 8));
            ulong low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(raw.Slice(16, 8));
            key = new SocketAddressKey(high, low, port);
            return true;
        }

        return false;
    }

    public static SocketAddressKey FromEndPoint(IPEndPoint endPoint)
    {
        IPAddress address = endPoint.Address.AddressFamily == AddressFamily.InterNetwork ? endPoint.Address.MapToIPv6() : endPoint.Address;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return new SocketAddressKey(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            (ushort)endPoint.Port);
    }

    public IPEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[..8], _high);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
        var address = new IPAddress(bytes);
        return new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, _port);
    }

    public bool Equals(SocketAddressKey other) => _high == other._high && _low == other._low && _port == other._port;

    public override bool Equals(object? obj) => obj is SocketAddressKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, _port);

    public override string ToString() => ToEndPoint().ToString();

    public static bool operator ==(SocketAddressKey left, SocketAddressKey right) => left.Equals(right);

    public static bool operator !=(SocketAddressKey left, SocketAddressKey right) => !left.Equals(right);
}
