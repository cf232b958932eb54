namespace Sfu.Wire.Rtcp;

/// <summary>One SDES chunk: an SSRC/CSRC and its items (RFC 3550 section 6.5).</summary>
public readonly ref struct SdesChunk
{
    private readonly ReadOnlySpan<byte> _items;

    internal SdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        _items = items;
    }

    /// <summary>The source the items describe.</summary>
    public uint Ssrc { get; }

    /// <summary>Enumerates the items (the terminating null item is not yielded).</summary>
    public SdesItemEnumerator Items => new(_items);

    /// <summary>Finds the first item of <paramref name="type"/>.</summary>
    public bool TryGetItem(SdesItemType type, out ReadOnlySpan<byte> value)
    {
        foreach (SdesItem item in Items)
        {
            if (item.Type == type)
            {
                value = item.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Finds the CNAME item.</summary>
    public bool TryGetCname(out ReadOnlySpan<byte> cname) => TryGetItem(SdesItemType.Cname, out cname);
}

/// <summary>Enumerates the items of an SDES chunk that <see cref="SdesPacket.TryRead"/> has validated.</summary>
public ref struct SdesItemEnumerator
{
    private readonly ReadOnlySpan<byte> _items;
    private int _offset;
    private SdesItem _current;

    internal SdesItemEnumerator(ReadOnlySpan<byte> items)
    {
        _items = items;
        _offset = 0;
        _current = default;
    }

    /// <summary>The current item.</summary>
    public readonly SdesItem Current => _current;

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly SdesItemEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next item.</summary>
    public bool MoveNext()
    {
        // Bounds are re-checked so that a hand-built enumerator can never read past its span.
        if (_offset + 2 > _items.Length || _items[_offset] == (byte)SdesItemType.End)
        {
            return false;
        }

        int length = _items[_offset + 1];
        if (_offset + 2 + length > _items.Length)
        {
            return false;
        }

        _current = new SdesItem((SdesItemType)_items[_offset], _items.Slice(_offset + 2, length));
        _offset += 2 + length;
        return true;
    }
}
