using System.Diagnostics.CodeAnalysis;

namespace Sfu.Wire.Rtp;

/// <summary>
/// Walks the elements of an RFC 8285 header extension block (one-byte or two-byte form) without
/// allocating. Stops at the end of the block, at id 15 in the one-byte form, or at an element that
/// does not fit; the last case sets <see cref="Malformed"/>. <c>foreach</c> advances this instance,
/// so <see cref="Malformed"/> is accurate after the loop.
/// </summary>
/// <remarks>
/// RFC 8285 section 4.2 (one-byte): each element is <c>ID(4 bits) | L(4 bits)</c> followed by L+1
/// bytes. Section 4.3 (two-byte): <c>ID(8) | length(8)</c> followed by length bytes. In both forms a
/// zero byte between elements is padding. Unknown profiles (RFC 3550 extensions that are not
/// RFC 8285) yield no elements and are not malformed.
/// </remarks>
public ref struct RtpHeaderExtensionEnumerator
{
    private const int OneByteReservedId = 15;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _end;
    private readonly bool _twoByte;
    private int _position;
    private bool _malformed;
    private RtpHeaderExtensionElement _current;

    /// <summary>Enumerates the elements of <paramref name="packet"/> whose header is <paramref name="header"/>.</summary>
    public RtpHeaderExtensionEnumerator(ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        _packet = packet;
        _current = default;
        _malformed = false;
        bool oneByte = RtpExtensionProfile.IsOneByte(header.ExtensionProfile);
        _twoByte = RtpExtensionProfile.IsTwoByte(header.ExtensionProfile);
        bool usable = header.HasExtension && (oneByte || _twoByte)
            && header.ExtensionOffset + header.ExtensionLength <= packet.Length;
        _position = usable ? header.ExtensionOffset : 0;
        _end = usable ? header.ExtensionOffset + header.ExtensionLength : 0;
    }

    /// <summary>True when enumeration stopped at an element that does not fit in the block.</summary>
    public readonly bool Malformed => _malformed;

    /// <summary>The element found by the last successful <see cref="MoveNext"/>.</summary>
    public readonly RtpHeaderExtensionElement Current => _current;

    /// <summary>Advances to the next element; false at the end of the block or on malformed data.</summary>
    public bool MoveNext() => Advance(_packet, _end, _twoByte, ref _position, ref _malformed, out _current);

    /// <summary>For <c>foreach</c>: an iterator that advances this instance's position and flag.</summary>
    [UnscopedRef]
    public Iterator GetEnumerator() => new(_packet, _end, _twoByte, ref _position, ref _malformed);

    private static bool Advance(
        ReadOnlySpan<byte> packet, int end, bool twoByte, scoped ref int position, scoped ref bool malformed,
        out RtpHeaderExtensionElement current)
    {
        current = default;
        while (position < end)
        {
            byte first = packet[position];
            if (first == 0)
            {
                position++; // padding between elements
                continue;
            }

            int id;
            int valueOffset;
            int length;
            if (twoByte)
            {
                id = first;
                valueOffset = position + 2;
                length = valueOffset <= end ? packet[position + 1] : 0;
            }
            else
            {
                id = first >> 4;
                valueOffset = position + 1;
                length = (first & 0x0F) + 1;
                if (id == OneByteReservedId)
                {
                    // RFC 8285 section 4.2: id 15 means "stop processing", not an error.
                    position = end;
                    return false;
                }
            }

            // A one-byte id of 0 with a non-zero length is not padding: the block is corrupt.
            if (id == 0 || valueOffset + length > end)
            {
                malformed = true;
                position = end;
                return false;
            }

            current = new RtpHeaderExtensionElement(id, position, valueOffset, packet.Slice(valueOffset, length));
            position = valueOffset + length;
            return true;
        }

        return false;
    }

    /// <summary>The <c>foreach</c> view of a <see cref="RtpHeaderExtensionEnumerator"/>; shares its position.</summary>
    public ref struct Iterator
    {
        private readonly ReadOnlySpan<byte> _packet;
        private readonly int _end;
        private readonly bool _twoByte;
        private ref int _position;
        private ref bool _malformed;
        private RtpHeaderExtensionElement _current;

        internal Iterator(ReadOnlySpan<byte> packet, int end, bool twoByte, ref int position, ref bool malformed)
        {
            _packet = packet;
            _end = end;
            _twoByte = twoByte;
            _position = ref position;
            _malformed = ref malformed;
            _current = default;
        }

        /// <summary>The current element.</summary>
        public readonly RtpHeaderExtensionElement Current => _current;

        /// <summary>Advances the owning enumerator.</summary>
        public bool MoveNext() => Advance(_packet, _end, _twoByte, ref _position, ref _malformed, out _current);
    }
}
