using System.Buffers.Binary;

namespace Sfu.Transport.Batching;

/// <summary>What the kernel attached to one received datagram (ancillary data), as far as the engine uses it.</summary>
public readonly record struct ReceiveControl(bool HasTimestamp, long RealtimeNanoseconds, bool HasDropCount, uint DropCount);

/// <summary>
/// Reads and writes the ancillary data (control messages) of sendmsg/recvmsg, cmsg(3), in the 64-bit Linux layout:
/// a header of cmsg_len (size_t, counting the header), cmsg_level and cmsg_type (ints), then the data, and the next
/// message at cmsg_len rounded up to 8 bytes. The kernel fills the receive side; the reader still checks every length,
/// because a parser on the packet path never trusts a length it did not compute (and tests feed it random bytes).
/// </summary>
public static class ControlMessages
{
    public const int HeaderLength = 16;

    /// <summary>CMSG_SPACE(sizeof(uint16_t)): the room one UDP_SEGMENT message takes.</summary>
    public const int SegmentSizeSpace = 24;

    /// <summary>Room for SO_TIMESTAMPNS (CMSG_SPACE(16) = 32) and SO_RXQ_OVFL (CMSG_SPACE(4) = 24) on one datagram.</summary>
    public const int ReceiveSpace = 64;

    private const int TimespecLength = 16;

    /// <summary>Reads the receive timestamp and the socket's drop counter, skipping any other message; never throws.</summary>
    public static ReceiveControl Read(ReadOnlySpan<byte> control)
    {
        bool hasTimestamp = false;
        long timestamp = 0;
        bool hasDrops = false;
        uint drops = 0;
        int offset = 0;
        while (control.Length - offset >= HeaderLength)
        {
            ReadOnlySpan<byte> message = control[offset..];
            ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(message);
            if (declared < HeaderLength || declared > (ulong)message.Length)
            {
                break; // truncated (MSG_CTRUNC) or corrupt: what came before is still good
            }

            int length = (int)declared;
            int level = BinaryPrimitives.ReadInt32LittleEndian(message[8..]);
            int type = BinaryPrimitives.ReadInt32LittleEndian(message[12..]);
            ReadOnlySpan<byte> data = message[HeaderLength..length];
            if (level == LinuxUdp.SolSocket && type == LinuxUdp.SoTimestampNs && data.Length >= TimespecLength)
            {
                long seconds = BinaryPrimitives.ReadInt64LittleEndian(data);
                long nanoseconds = BinaryPrimitives.ReadInt64LittleEndian(data[8..]);
                if (seconds is >= 0 and < long.MaxValue / 1_000_000_000L && nanoseconds is >= 0 and < 1_000_000_000L)
                {
                    hasTimestamp = true;
                    timestamp = (seconds * 1_000_000_000L) + nanoseconds;
                }
            }
            else if (level == LinuxUdp.SolSocket && type == LinuxUdp.SoRxqOvfl && data.Length >= sizeof(uint))
            {
                hasDrops = true;
                drops = BinaryPrimitives.ReadUInt32LittleEndian(data);
            }

            offset += Align(length);
        }

        return new ReceiveControl(hasTimestamp, timestamp, hasDrops, drops);
    }

    /// <summary>Writes one UDP_SEGMENT message (udp(7)) asking the kernel to split the send into <paramref name="segmentSize"/>-byte datagrams.</summary>
    /// <returns>The bytes written (<see cref="SegmentSizeSpace"/>), or 0 when <paramref name="control"/> is too small.</returns>
    public static int WriteSegmentSize(Span<byte> control, ushort segmentSize)
    {
        if (control.Length < SegmentSizeSpace)
        {
            return 0;
        }

        control[..SegmentSizeSpace].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(control, HeaderLength + sizeof(ushort));
        BinaryPrimitives.WriteInt32LittleEndian(control[8..], LinuxUdp.SolUdp);
        BinaryPrimitives.WriteInt32LittleEndian(control[12..], LinuxUdp.UdpSegment);
        BinaryPrimitives.WriteUInt16LittleEndian(control[HeaderLength..], segmentSize);
        return SegmentSizeSpace;
    }

    private static int Align(int length) => (length + 7) & ~7;
}
