using System.Runtime.InteropServices;

namespace Sfu.Transport.Batching;

/// <summary>
/// The Linux system calls and structures batched UDP I/O needs (sendmmsg(2), recvmmsg(2), setsockopt(2), UDP GSO).
/// Layouts are those of the 64-bit (LP64) ABI, which is why <see cref="IsSupported"/> also requires a 64-bit process;
/// everything else takes the portable path (one <c>SendTo</c>/<c>ReceiveFrom</c> per datagram).
/// </summary>
internal static unsafe partial class LinuxUdp
{
    public const int SolSocket = 1;
    public const int SolUdp = 17;

    /// <summary>SO_RCVBUFFORCE: like SO_RCVBUF but may exceed net.core.rmem_max (needs CAP_NET_ADMIN).</summary>
    public const int SoRcvBufForce = 33;

    /// <summary>SO_SNDBUFFORCE: like SO_SNDBUF but may exceed net.core.wmem_max (needs CAP_NET_ADMIN).</summary>
    public const int SoSndBufForce = 32;

    /// <summary>SO_TIMESTAMPNS (= SCM_TIMESTAMPNS): a struct timespec of CLOCK_REALTIME receive time per datagram, socket(7).</summary>
    public const int SoTimestampNs = 35;

    /// <summary>SO_RXQ_OVFL: a uint32 count of datagrams the socket dropped since it was created, socket(7).</summary>
    public const int SoRxqOvfl = 40;

    /// <summary>UDP_SEGMENT (Linux 4.18): the segment size of a GSO send, udp(7).</summary>
    public const int UdpSegment = 103;

    public const int MsgDontWait = 0x40;

    public const int EAgain = 11;
    public const int EInval = 22;
    public const int ENoSys = 38;
    public const int EIo = 5;
    public const int EOpNotSupp = 95;

    /// <summary>CLOCK_REALTIME, the clock SO_TIMESTAMPNS stamps with.</summary>
    public const int ClockRealtime = 0;

    /// <summary>Room for a sockaddr_in6 (28 bytes), rounded up.</summary>
    public const int AddressCapacity = 32;

    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(nint fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(nint fd, MMsgHdr* messages, uint count, int flags, TimeSpec* timeout);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(nint fd, int level, int name, int* value, uint length);

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    public static partial int ClockGetTime(int clock, TimeSpec* time);

    /// <summary>Sets an int socket option; returns 0 or the errno.</summary>
    public static int SetInt(nint fd, int level, int name, int value)
    {
        return SetSockOpt(fd, level, name, &value, sizeof(int)) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>Nanoseconds of CLOCK_REALTIME now.</summary>
    public static long RealtimeNanoseconds()
    {
        TimeSpec now;
        ClockGetTime(ClockRealtime, &now);
        return (now.Seconds * 1_000_000_000L) + now.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public byte* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
