using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sfu.Diagnostics;

namespace Sfu.Transport.Batching;

/// <summary>
/// The datagrams one media worker sends during one pass of its loop, flushed together: on 64-bit Linux with one
/// sendmmsg(2) per flush, runs of same-size datagrams to one address merged into one UDP GSO message (udp(7),
/// UDP_SEGMENT); elsewhere, or once the kernel refuses the call (ENOSYS), one SendTo per datagram. Slots are fixed and
/// pinned (payload, sockaddr, length), so adding a datagram copies bytes and allocates nothing. Errors are counted as
/// send_failed drops, never thrown. Worker thread only.
/// </summary>
public sealed unsafe class SendBatch
{
    public const int DefaultCapacity = 64;

    /// <summary>Largest datagram a slot holds; a larger one is sent at once, unbatched.</summary>
    public const int SlotBytes = 2048;

    /// <summary>UDP_MAX_SEGMENTS of Linux before 6.x; newer kernels take 128.</summary>
    public const int MaxSegments = 64;

    /// <summary>A GSO message is one UDP datagram for the stack before it is split: its payload stays under 64 KiB.</summary>
    public const int MaxGsoBytes = 65_000;

    private readonly Socket _socket;
    private readonly nint _fd;
    private readonly int _capacity;
    private readonly byte[] _payloads;
    private readonly byte[] _addresses;
    private readonly byte[] _controls;
    private readonly int[] _lengths;
    private readonly int[] _addressLengths;
    private readonly ulong[] _addressHashes;
    private readonly bool[] _placed;
    private readonly int[] _order;
    private readonly int[] _messageFirst;
    private readonly int[] _messageSegments;
    private readonly LinuxUdp.MMsgHdr[] _messages;
    private readonly LinuxUdp.IoVec[] _iovecs;
    private readonly SocketAddress _scratch;
    private int _count;

    /// <param name="socket">The worker's bound UDP socket; the batch sends on it and never closes it.</param>
    /// <param name="useSystemBatching">False forces the portable path (one SendTo per datagram), as on non-Linux systems.</param>
    public SendBatch(Socket socket, int capacity = DefaultCapacity, bool useSystemBatching = true, bool useGso = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _socket = socket;
        _capacity = capacity;
        UsesSendMmsg = useSystemBatching && LinuxUdp.IsSupported;
        UsesGso = UsesSendMmsg && useGso;
        _fd = UsesSendMmsg ? socket.SafeHandle.DangerousGetHandle() : 0;
        _payloads = GC.AllocateArray<byte>(capacity * SlotBytes, pinned: true);
        _addresses = GC.AllocateArray<byte>(capacity * LinuxUdp.AddressCapacity, pinned: true);
        _controls = GC.AllocateArray<byte>(capacity * ControlMessages.SegmentSizeSpace, pinned: true);
        _messages = GC.AllocateArray<LinuxUdp.MMsgHdr>(capacity, pinned: true);
        _iovecs = GC.AllocateArray<LinuxUdp.IoVec>(capacity, pinned: true);
        _lengths = new int[capacity];
        _addressLengths = new int[capacity];
        _addressHashes = new ulong[capacity];
        _placed = new bool[capacity];
        _order = new int[capacity];
        _messageFirst = new int[capacity];
        _messageSegments = new int[capacity];
        _scratch = new SocketAddress(socket.AddressFamily);
    }

    /// <summary>True while flushes use sendmmsg(2); false on the portable path or after the kernel refused it.</summary>
    public bool UsesSendMmsg { get; private set; }

    /// <summary>True while same-size runs to one address go out as one UDP GSO message.</summary>
    public bool UsesGso { get; private set; }

    public int Count => _count;

    /// <summary>Datagrams handed to the kernel successfully.</summary>
    public long DatagramsSent { get; private set; }

    /// <summary>Datagrams the kernel refused (also counted as send_failed drops).</summary>
    public long DatagramsFailed { get; private set; }

    /// <summary>Send system calls made: sendmmsg calls plus per-datagram sends.</summary>
    public long SystemCalls { get; private set; }

    /// <summary>Datagrams that left inside a GSO message of two or more segments.</summary>
    public long GsoSegments { get; private set; }

    /// <summary>Queues a copy of <paramref name="datagram"/> for <paramref name="to"/>; flushes first when the batch is full.</summary>
    /// <returns>False only when an oversized datagram sent at once was refused; queued datagrams report failures at flush.</returns>
    public bool Add(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (datagram.Length > SlotBytes || to.Size > LinuxUdp.AddressCapacity)
        {
            SystemCalls++;
            return SendOne(datagram, to);
        }

        if (_count == _capacity)
        {
            Flush();
        }

        int slot = _count++;
        datagram.CopyTo(_payloads.AsSpan(slot * SlotBytes, SlotBytes));
        Span<byte> address = _addresses.AsSpan(slot * LinuxUdp.AddressCapacity, LinuxUdp.AddressCapacity);
        to.Buffer.Span[..to.Size].CopyTo(address);
        address[to.Size..].Clear();
        _lengths[slot] = datagram.Length;
        _addressLengths[slot] = to.Size;
        _addressHashes[slot] = Hash(address);
        return true;
    }

    /// <summary>Sends everything queued, in order per destination, and empties the batch.</summary>
    public void Flush()
    {
        if (_count == 0)
        {
            return;
        }

        if (UsesSendMmsg)
        {
            SendMessages(Group());
        }
        else
        {
            for (int slot = 0; slot < _count; slot++)
            {
                SystemCalls++;
                SendSlot(slot);
            }
        }

        _count = 0;
    }

    /// <summary>
    /// Orders the slots into messages: each message starts at the oldest slot not yet placed and takes the following
    /// slots for the same address while they have the same length (one GSO run). It stops at the first slot for that
    /// address that does not fit, so each destination still receives its datagrams in the order they were added.
    /// </summary>
    private int Group()
    {
        Array.Clear(_placed, 0, _count);
        int messages = 0;
        int ordered = 0;
        for (int first = 0; first < _count; first++)
        {
            if (_placed[first])
            {
                continue;
            }

            _placed[first] = true;
            _messageFirst[messages] = ordered;
            _order[ordered++] = first;
            int segments = 1;
            int length = _lengths[first];
            int total = length;
            for (int next = first + 1; UsesGso && next < _count && segments < MaxSegments; next++)
            {
                if (_placed[next] || !SameAddress(first, next))
                {
                    continue;
                }

                if (_lengths[next] != length || total + length > MaxGsoBytes)
                {
                    break;
                }

                _placed[next] = true;
                _order[ordered++] = next;
                segments++;
                total += length;
            }

            _messageSegments[messages++] = segments;
        }

        return messages;
    }

    private void SendMessages(int messageCount)
    {
        byte* payloads = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_payloads));
        byte* addresses = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_addresses));
        byte* controls = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_controls));
        LinuxUdp.IoVec* iovecs = (LinuxUdp.IoVec*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_iovecs));
        LinuxUdp.MMsgHdr* messages = (LinuxUdp.MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_messages));
        for (int m = 0; m < messageCount; m++)
        {
            int firstOrder = _messageFirst[m];
            int segments = _messageSegments[m];
            for (int s = 0; s < segments; s++)
            {
                int slot = _order[firstOrder + s];
                iovecs[firstOrder + s] = new LinuxUdp.IoVec { Base = payloads + (slot * SlotBytes), Length = (nuint)_lengths[slot] };
            }

            int head = _order[firstOrder];
            ref LinuxUdp.MMsgHdr message = ref messages[m];
            message = default;
            message.Header.Name = addresses + (head * LinuxUdp.AddressCapacity);
            message.Header.NameLength = (uint)_addressLengths[head];
            message.Header.Iov = iovecs + firstOrder;
            message.Header.IovLength = (nuint)segments;
            if (segments > 1)
            {
                Span<byte> control = _controls.AsSpan(m * ControlMessages.SegmentSizeSpace, ControlMessages.SegmentSizeSpace);
                message.Header.Control = controls + (m * ControlMessages.SegmentSizeSpace);
                message.Header.ControlLength = (nuint)ControlMessages.WriteSegmentSize(control, (ushort)_lengths[head]);
            }
        }

        int done = 0;
        while (done < messageCount)
        {
            if (!UsesSendMmsg)
            {
                SendMessagesOneByOne(done, messageCount);
                return;
            }

            SystemCalls++;
            int sent = LinuxUdp.SendMmsg(_fd, messages + done, (uint)(messageCount - done), 0);
            if (sent > 0)
            {
                for (int m = done; m < done + sent; m++)
                {
                    DatagramsSent += _messageSegments[m];
                    GsoSegments += _messageSegments[m] > 1 ? _messageSegments[m] : 0;
                }

                done += sent;
                continue;
            }

            // The first message of the rest failed: decide from errno what it means, then go on after it.
            OnMessageFailed(done, Marshal.GetLastPInvokeError());
            done++;
        }
    }

    private void OnMessageFailed(int message, int errno)
    {
        if (errno == LinuxUdp.ENoSys)
        {
            UsesSendMmsg = false; // this kernel has no sendmmsg: the portable path from now on
            UsesGso = false;
        }
        else if (_messageSegments[message] > 1 && errno is LinuxUdp.EIo or LinuxUdp.EInval or LinuxUdp.EOpNotSupp)
        {
            UsesGso = false; // the route or device cannot segment: datagrams one by one from now on
        }
        else if (errno != LinuxUdp.EInval)
        {
            DatagramsFailed += _messageSegments[message];
            for (int i = 0; i < _messageSegments[message]; i++)
            {
                SfuMetrics.CountDrop(DropReason.SendFailed);
            }

            return;
        }

        SendMessagesOneByOne(message, message + 1);
    }

    private void SendMessagesOneByOne(int fromMessage, int toMessage)
    {
        for (int m = fromMessage; m < toMessage; m++)
        {
            for (int s = 0; s < _messageSegments[m]; s++)
            {
                SystemCalls++;
                SendSlot(_order[_messageFirst[m] + s]);
            }
        }
    }

    private void SendSlot(int slot)
    {
        Span<byte> address = _addresses.AsSpan(slot * LinuxUdp.AddressCapacity, _addressLengths[slot]);
        _scratch.Size = address.Length;
        address.CopyTo(_scratch.Buffer.Span);
        SendOne(_payloads.AsSpan(slot * SlotBytes, _lengths[slot]), _scratch);
    }

    private bool SendOne(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            if (_socket.SendTo(datagram, SocketFlags.None, to) == datagram.Length)
            {
                DatagramsSent++;
                return true;
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        DatagramsFailed++;
        SfuMetrics.CountDrop(DropReason.SendFailed);
        return false;
    }

    private bool SameAddress(int a, int b) =>
        _addressHashes[a] == _addressHashes[b]
        && _addressLengths[a] == _addressLengths[b]
        && _addresses.AsSpan(a * LinuxUdp.AddressCapacity, LinuxUdp.AddressCapacity)
            .SequenceEqual(_addresses.AsSpan(b * LinuxUdp.AddressCapacity, LinuxUdp.AddressCapacity));

    private static ulong Hash(ReadOnlySpan<byte> address)
    {
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(address);
        ulong hash = 0;
        foreach (ulong word in words)
        {
            hash = (hash ^ word) * 0x9E3779B97F4A7C15UL;
        }

        return hash;
    }
}
