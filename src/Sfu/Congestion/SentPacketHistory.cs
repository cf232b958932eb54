using Sfu.Buffers;

namespace Sfu.Congestion;

/// <summary>
/// What the server sent one subscriber, by transport-wide sequence number: when, how many bytes and in which probe
/// cluster, so the subscriber's transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1),
/// which only names sequence numbers and arrival times, can be matched to send times. A ring indexed by the
/// 64-bit sequence number; each slot remembers which number it holds, so overwritten or never-sent slots need no
/// clearing. Owned by the subscriber's media worker thread; nothing allocates after construction.
/// </summary>
public sealed class SentPacketHistory
{
    /// <summary>Sequence numbers kept; a power of two. At 2 s of feedback delay this covers 8,000 packets/s.</summary>
    public const int Capacity = 16384;

    private readonly long[] _sequences = new long[Capacity];
    private readonly long[] _sendTicks = new long[Capacity];
    private readonly int[] _sizes = new int[Capacity];
    private readonly int[] _clusters = new int[Capacity];
    private readonly bool[] _acknowledged = new bool[Capacity];
    private long _next;

    public SentPacketHistory() => Array.Fill(_sequences, long.MinValue);

    /// <summary>The 64-bit number the next packet gets; its low 16 bits go on the wire.</summary>
    public long NextSequence => _next;

    /// <summary>Records a packet sent now and returns the transport-wide sequence number it carries.</summary>
    /// <param name="probeCluster">The probe cluster it belongs to, or 0 for media.</param>
    public ushort Add(int size, long sendTicks, int probeCluster)
    {
        long sequence = _next++;
        int slot = (int)(sequence & (Capacity - 1));
        _sequences[slot] = sequence;
        _sendTicks[slot] = sendTicks;
        _sizes[slot] = size;
        _clusters[slot] = probeCluster;
        _acknowledged[slot] = false;
        return (ushort)sequence;
    }

    /// <summary>
    /// Finds the packet a feedback entry names: the most recent sent sequence number with these low 16 bits. False when
    /// it is older than the ring, not sent yet, or already acknowledged as received (a repeated report is ignored).
    /// </summary>
    public bool TryGet(ushort wireSequence, out SentPacket packet)
    {
        packet = default;
        if (_next == 0)
        {
            return false;
        }

        long sequence = SerialNumber.Extend(_next - 1, wireSequence);
        if (sequence >= _next || sequence < 0 || sequence <= _next - 1 - Capacity)
        {
            return false;
        }

        int slot = (int)(sequence & (Capacity - 1));
        if (_sequences[slot] != sequence || _acknowledged[slot])
        {
            return false;
        }

        packet = new SentPacket(sequence, _sendTicks[slot], _sizes[slot], _clusters[slot]);
        return true;
    }

    /// <summary>Marks a packet as reported received, so a later report of the same number is not counted twice.</summary>
    public void MarkAcknowledged(long sequence)
    {
        int slot = (int)(sequence & (Capacity - 1));
        if (_sequences[slot] == sequence)
        {
            _acknowledged[slot] = true;
        }
    }
}

/// <summary>One sent packet as the history remembers it.</summary>
public readonly record struct SentPacket(long Sequence, long SendTicks, int Size, int ProbeCluster);
