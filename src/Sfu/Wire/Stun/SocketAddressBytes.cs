using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sfu.Wire.Stun;

/// <summary>
/// Reads the IP address and port out of a <see cref="SocketAddress"/> without allocating. Its buffer holds the
/// native sockaddr_in / sockaddr_in6: port at bytes 2-3 (network order), the IPv4 address at 4-7, the IPv6
/// address at 8-23. An IPv4-mapped IPv6 address (what a dual-mode socket reports for an IPv4 peer) is
/// returned as the 4-byte IPv4 address, since that is the address the peer sees itself as.
/// </summary>
public static class SocketAddressBytes
{
    private const int SockaddrIn6Length = 28;
    private const int SockaddrInLength = 16;

    /// <summary>Copies the address (4 or 16 bytes) into <paramref name="address"/> (at least 16 bytes) and reads the port.</summary>
    public static bool TryRead(SocketAddress socketAddress, Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        if (address.Length < 16)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = socketAddress.Buffer.Span.Slice(0, socketAddress.Size);
        switch (socketAddress.Family)
        {
            case AddressFamily.InterNetwork when raw.Length >= SockaddrInLength:
                port = BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(2));
                raw.Slice(4, 4).CopyTo(address);
                addressLength = 4;
                return true;

            case AddressFamily.InterNetworkV6 when raw.Length >= SockaddrIn6Length:
                port = BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(2));
                ReadOnlySpan<byte> v6 = raw.Slice(8, 16);
                if (IsIPv4Mapped(v6))
                {
                    v6.Slice(12, 4).CopyTo(address);
                    addressLength = 4;
                }
                else
                {
                    v6.CopyTo(address);
                    addressLength = 16;
                }

                return true;

            default:
                return false;
        }
    }

    /// <summary>True for ::ffff:a.b.c.d (RFC 4291 section 2.5.5.2).</summary>
    internal static bool IsIPv4Mapped(ReadOnlySpan<byte> v6) =>
        v6.Slice(0, 10).IndexOfAnyExcept((byte)0) < 0 && v6[10] == 0xFF && v6[11] == 0xFF;
}
