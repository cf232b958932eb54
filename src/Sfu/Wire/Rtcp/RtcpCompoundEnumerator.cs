using System.Diagnostics.CodeAnalysis;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// Iterates the packets of a compound (RFC 3550 section 6.1) or reduced-size (RFC 5506) RTCP
/// packet without allocating. Iteration stops at the first header that is not version 2, whose
/// length overruns the datagram, whose padding is invalid, or at trailing bytes shorter than a
/// header; <see cref="Malformed"/> then tells the caller to count a drop. Packets already yielded
/// stay valid.
/// </summary>
/// <example>
/// <code>
/// var packets = new RtcpCompoundEnumerator(datagram);
/// foreach (RtcpPacket packet in packets) { ... }
/// if (packets.Malformed) { /* count a drop */ }
/// </code>
/// <c>foreach</c> advances this instance (not a copy), so <see cref="Malformed"/> is accurate after the loop.
/// </example>
public ref struct RtcpCompoundEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;
    private bool _malformed;
    private RtcpPacket _current;

    /// <summary>Enumerates the packets in <paramref name="data"/> (one decrypted SRTCP payload or UDP datagram).</summary>
    public RtcpCompoundEnumerator(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        _malformed = false;
        _current = default;
    }

    /// <summary>True when iteration stopped before the end of the data because of a malformed packet.</summary>
    public readonly bool Malformed => _malformed;

    /// <summary>The packet found by the last successful <see cref="MoveNext"/>.</summary>
    public readonly RtcpPacket Current => _current;

    /// <summary>Advances to the next packet; false at the end or on malformed data.</summary>
    public bool MoveNext() => Advance(_data, ref _offset, ref _malformed, out _current);

    /// <summary>For <c>foreach</c>: an iterator that advances this instance's position and flag.</summary>
    [UnscopedRef]
    public Iterator GetEnumerator() => new(_data, ref _offset, ref _malformed);

    private static bool Advance(ReadOnlySpan<byte> data, scoped ref int offset, scoped ref bool malformed, out RtcpPacket current)
    {
        current = default;
        if (offset >= data.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = data.Slice(offset);
        if (!RtcpHeader.TryRead(rest, out RtcpHeader header))
        {
            malformed = true;
            offset = data.Length;
            return false;
        }

        current = new RtcpPacket(header, rest.Slice(0, header.PacketLength));
        offset += header.PacketLength;
        return true;
    }

    /// <summary>The <c>foreach</c> view of a <see cref="RtcpCompoundEnumerator"/>; shares its position.</summary>
    public ref struct Iterator
    {
        private readonly ReadOnlySpan<byte> _data;
        private ref int _offset;
        private ref bool _malformed;
        private RtcpPacket _current;

        internal Iterator(ReadOnlySpan<byte> data, ref int offset, ref bool malformed)
        {
            _data = data;
            _offset = ref offset;
            _malformed = ref malformed;
            _current = default;
        }

        /// <summary>The current packet.</summary>
        public readonly RtcpPacket Current => _current;

        /// <summary>Advances the owning enumerator.</summary>
        public bool MoveNext() => Advance(_data, ref _offset, ref _malformed, out _current);
    }
}
