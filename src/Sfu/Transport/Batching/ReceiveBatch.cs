using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sfu.Transport.Batching;

/// <summary>
/// The datagrams one media worker takes from its socket in one go: on 64-bit Linux up to <see cref="Capacity"/> with
/// one recvmmsg(2), each with its sender's sockaddr and the kernel's receive time (SO_TIMESTAMPNS) and the socket's
/// drop counter (SO_RXQ_OVFL) from its ancillary data; elsewhere, or once the kernel refuses recvmmsg (ENOSYS), one
/// ReceiveFrom per call without kernel times. Buffers are fixed and pinned. Worker thread only.
/// </summary>
public sealed unsafe class ReceiveBatch
{
    public const int DefaultCapacity = 32;

    /// <summary>Receive buffer per datagram, as the worker's: an MTU-sized datagram with room to spare.</summary>
    public const int SlotBytes = 2048;

    private const int MsgTrunc = 0x20;

    private readonly Socket _socket;
    private readonly nint _fd;
    private readonly byte[] _payloads;
    private readonly byte[] _addresses;
    private readonly byte[] _controls;
    private readonly int[] _lengths;
    private readonly int[] _addressLengths;
    private readonly long[] _realtimeNanoseconds;
    private readonly LinuxUdp.MMsgHdr[] _messages;
    private readonly LinuxUdp.IoVec[] _iovecs;
    private readonly SocketAddress _fallbackFrom;
    private int _count;

    /// <param name="socket">The worker's bound UDP socket, with SO_TIMESTAMPNS and SO_RXQ_OVFL enabled where it can be.</param>
    public ReceiveBatch(Socket socket, int capacity = DefaultCapacity, bool useSystemBatching = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _socket = socket;
        UsesRecvMmsg = useSystemBatching && LinuxUdp.IsSupported;
        Capacity = UsesRecvMmsg ? capacity : 1;
        _fd = UsesRecvMmsg ? socket.SafeHandle.DangerousGetHandle() : 0;
        _payloads = GC.AllocateArray<byte>(capacity * SlotBytes, pinned: true);
        _addresses = GC.AllocateArray<byte>(capacity * LinuxUdp.AddressCapacity, pinned: true);
        _controls = GC.AllocateArray<byte>(capacity * ControlMessages.ReceiveSpace, pinned: true);
        _messages = GC.AllocateArray<LinuxUdp.MMsgHdr>(capacity, pinned: true);
        _iovecs = GC.AllocateArray<LinuxUdp.IoVec>(capacity, pinned: true);
        _lengths = new int[capacity];
        _addressLengths = new int[capacity];
        _realtimeNanoseconds = new long[capacity];
        _fallbackFrom = new SocketAddress(socket.AddressFamily);
    }

    /// <summary>True while receives use recvmmsg(2).</summary>
    public bool UsesRecvMmsg { get; private set; }

    public int Capacity { get; private set; }

    /// <summary>Datagrams held from the last <see cref="Receive"/>.</summary>
    public int Count => _count;

    /// <summary>
    /// The socket's SO_RXQ_OVFL counter as last reported: datagrams the kernel dropped because the receive buffer was
    /// full. The kernel reports it on the datagrams queued after a drop, so drops show with the next datagram that arrives.
    /// </summary>
    public long KernelDrops { get; private set; }

    /// <summary>Receive system calls made.</summary>
    public long SystemCalls { get; private set; }

    /// <summary>
    /// Takes the datagrams that are ready, without waiting. Returns how many (0 when none were ready). A datagram
    /// longer than <see cref="SlotBytes"/> arrives with length -1 (truncated: the caller drops it as malformed); one of
    /// zero bytes with length 0.
    /// </summary>
    public int Receive()
    {
        _count = 0;
        _count = UsesRecvMmsg ? ReceiveMany() : ReceiveOne();
        return _count;
    }

    /// <summary>The bytes of datagram <paramref name="index"/>; valid until the next <see cref="Receive"/>.</summary>
    public Span<byte> Datagram(int index) => _payloads.AsSpan(index * SlotBytes, Math.Max(0, _lengths[index]));

    public int Length(int index) => _lengths[index];

    /// <summary>Copies the sender of datagram <paramref name="index"/> into <paramref name="address"/> (reused across datagrams).</summary>
    public void CopySender(int index, SocketAddress address)
    {
        int length = _addressLengths[index];
        address.Size = length;
        _addresses.AsSpan(index * LinuxUdp.AddressCapacity, length).CopyTo(address.Buffer.Span);
    }

    /// <summary>
    /// When datagram <paramref name="index"/> reached the socket, on the caller's tick clock: <paramref name="nowTicks"/>
    /// minus the time it waited since the kernel stamped it (clamped to 0..1 s), or <paramref name="nowTicks"/> when the
    /// kernel gave no time. <paramref name="realtimeNowNanoseconds"/> is CLOCK_REALTIME read once per batch.
    /// </summary>
    public long ArrivalTicks(int index, long nowTicks, long realtimeNowNanoseconds)
    {
        long stamped = _realtimeNanoseconds[index];
        if (stamped == 0)
        {
            return nowTicks;
        }

        long waitedTicks = Math.Clamp((realtimeNowNanoseconds - stamped) / 100, 0, TimeSpan.TicksPerSecond);
        return nowTicks - waitedTicks;
    }

    /// <summary>True when datagram <paramref name="index"/> carries a kernel receive time.</summary>
    public bool HasKernelTime(int index) => _realtimeNanoseconds[index] != 0;

    private int ReceiveMany()
    {
        byte* payloads = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_payloads));
        byte* addresses = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_addresses));
        byte* controls = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_controls));
        LinuxUdp.IoVec* iovecs = (LinuxUdp.IoVec*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_iovecs));
        LinuxUdp.MMsgHdr* messages = (LinuxUdp.MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_messages));
        for (int i = 0; i < Capacity; i++)
        {
            // The kernel overwrites the lengths on every call, so every field is set again.
            iovecs[i] = new LinuxUdp.IoVec { Base = payloads + (i * SlotBytes), Length = SlotBytes };
            ref LinuxUdp.MMsgHdr message = ref messages[i];
            message = default;
            message.Header.Name = addresses + (i * LinuxUdp.AddressCapacity);
            message.Header.NameLength = LinuxUdp.AddressCapacity;
            message.Header.Iov = iovecs + i;
            message.Header.IovLength = 1;
            message.Header.Control = controls + (i * ControlMessages.ReceiveSpace);
            message.Header.ControlLength = ControlMessages.ReceiveSpace;
        }

        SystemCalls++;
        int received = LinuxUdp.RecvMmsg(_fd, messages, (uint)Capacity, LinuxUdp.MsgDontWait, null);
        if (received < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is LinuxUdp.ENoSys or LinuxUdp.EInval)
            {
                UsesRecvMmsg = false; // this kernel refuses recvmmsg: one ReceiveFrom per call from now on
                Capacity = 1;
                return ReceiveOne();
            }

            return 0; // EAGAIN (nothing ready) or an ICMP error queued on the socket: nothing to hand on
        }

        for (int i = 0; i < received; i++)
        {
            ref LinuxUdp.MMsgHdr message = ref messages[i];
            bool truncated = (message.Header.Flags & MsgTrunc) != 0;
            _lengths[i] = truncated ? -1 : (int)message.Length;
            _addressLengths[i] = (int)Math.Min(message.Header.NameLength, LinuxUdp.AddressCapacity);
            int controlLength = (int)Math.Min(message.Header.ControlLength, (nuint)ControlMessages.ReceiveSpace);
            ReceiveControl control = ControlMessages.Read(_controls.AsSpan(i * ControlMessages.ReceiveSpace, controlLength));
            _realtimeNanoseconds[i] = control.HasTimestamp ? control.RealtimeNanoseconds : 0;
            if (control.HasDropCount)
            {
                KernelDrops = control.DropCount;
            }
        }

        return received;
    }

    private int ReceiveOne()
    {
        SystemCalls++;
        int length;
        try
        {
            if (_socket.Available == 0)
            {
                return 0;
            }

            length = _socket.ReceiveFrom(_payloads.AsSpan(0, SlotBytes), SocketFlags.None, _fallbackFrom);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.MessageSize)
        {
            length = -1;
        }
        catch (SocketException)
        {
            // A previous send to a closed port surfaces here on some platforms; the socket stays usable.
            return 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }

        _lengths[0] = length;
        _addressLengths[0] = Math.Min(_fallbackFrom.Size, LinuxUdp.AddressCapacity);
        _fallbackFrom.Buffer.Span[.._addressLengths[0]].CopyTo(_addresses.AsSpan(0, LinuxUdp.AddressCapacity));
        _realtimeNanoseconds[0] = 0;
        return 1;
    }
}
