namespace Sfu.Wire.Rtp;

/// <summary>
/// Walks the elements of an RFC 8285 header extension block (one-byte or two-byte form) without
/// allocating. Usable with <c>foreach</c>. Stops at the end of the block, at id 15 in the one-byte
/// form, or at an element that does not fit; the last case sets <see cref="Malformed"/>.
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
    private RtpHeaderExtensionElement _current;

    /// <summary>Enumerates the elements of <paramref name="packet"/> whose header is <paramref name="header"/>.</summary>
    public RtpHeaderExtensionEnumerator(ReadOnlySpan<byte> packet, scoped in RtpHeader header)
    {
        _packet = packet;
        _current = default;
        Malformed = false;
        bool oneByte = RtpExtensionProfile.IsOneByte(header.ExtensionProfile);
        _twoByte = RtpExtensionProfile.IsTwoByte(header.ExtensionProfile);
        bool usable = header.HasExtension && (oneByte || _twoByte)
            && header.ExtensionOffset + header.ExtensionLength <= packet.Length;
        _position = usable ? header.ExtensionOffset : 0;
        _end = usable ? header.ExtensionOffset + header.ExtensionLength : 0;
    }

    /// <summary>True when enumeration stopped at an element that does not fit in the block.</summary>
    public bool Malformed { get; private set; }

    /// <summary>The element found by the last successful <see cref="MoveNext"/>.</summary>
    public readonly RtpHeaderExtensionElement Current => _current;

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element; false at the end of the block or on malformed data.</summary>
    public bool MoveNext()
    {
        while (_position < _end)
        {
            byte first = _packet[_position];
            if (first == 0)
            {
                _position++; // padding between elements
                continue;
            }

            return _twoByte ? ReadTwoByte(first) : ReadOneByte(first);
        }

        return false;
    }

    private bool ReadOneByte(byte first)
    {
        int id = first >> 4;
        int length = (first & 0x0F) + 1;
        if (id == OneByteReservedId)
        {
            // RFC 8285 section 4.2: id 15 means "stop processing", not an error.
            _position = _end;
            return false;
        }

        if (id == 0)
        {
            // A zero id with a non-zero length is not padding: the block is corrupt.
            return Stop();
        }

        int valueOffset = _position + 1;
        if (valueOffset + length > _end)
        {
            return Stop();
        }

        _current = new RtpHeaderExtensionElement(id, _position, valueOffset, _packet.Slice(valueOffset, length));
        _position = valueOffset + length;
        return true;
    }

    private bool ReadTwoByte(byte id)
    {
        if (_position + 2 > _end)
        {
            return Stop();
        }

        int length = _packet[_position + 1];
        int valueOffset = _position + 2;
        if (valueOffset + length > _end)
        {
            return Stop();
        }

        _current = new RtpHeaderExtensionElement(id, _position, valueOffset, _packet.Slice(valueOffset, length));
        _position = valueOffset + length;
        return true;
    }

    private bool Stop()
    {
        Malformed = true;
        _position = _end;
        return false;
    }
}
