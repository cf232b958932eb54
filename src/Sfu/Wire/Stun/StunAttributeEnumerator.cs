using System.Buffers.Binary;

namespace Sfu.Wire.Stun;

/// <summary>
/// Walks the TLV attributes of a message body (RFC 5389 section 15). Built by <see cref="StunMessage.GetAttributes"/>
/// after <see cref="StunMessage.TryRead"/> has validated the layout; it still stops safely on a truncated body.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> body)
    {
        _body = body;
        _next = 0;
        _current = default;
    }

    /// <summary>The attribute the enumerator stands on.</summary>
    public readonly StunAttribute Current => _current;

    /// <summary>Lets <c>foreach</c> use this enumerator directly.</summary>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next attribute; false at the end of the body or on a value that does not fit.</summary>
    public bool MoveNext()
    {
        if (_body.Length - _next < 4)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(_next));
        int valueLength = BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(_next + 2));
        int paddedLength = (valueLength + 3) & ~3;
        if (paddedLength > _body.Length - _next - 4)
        {
            _next = _body.Length;
            return false;
        }

        _current = new StunAttribute(type, _body.Slice(_next + 4, valueLength));
        _next += 4 + paddedLength;
        return true;
    }
}
