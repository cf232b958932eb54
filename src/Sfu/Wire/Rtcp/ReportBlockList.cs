namespace Sfu.Wire.Rtcp;

/// <summary>The report blocks of an SR or RR, read on demand from the packet bytes.</summary>
public readonly ref struct ReportBlockList
{
    private readonly ReadOnlySpan<byte> _data;

    /// <summary>Wraps <paramref name="count"/> consecutive 24-byte blocks at the start of <paramref name="data"/>.</summary>
    internal ReportBlockList(ReadOnlySpan<byte> data, int count)
    {
        _data = data.Slice(0, count * ReportBlock.Length);
        Count = count;
    }

    /// <summary>Number of blocks.</summary>
    public int Count { get; }

    /// <summary>The block at <paramref name="index"/> (0 &lt;= index &lt; <see cref="Count"/>).</summary>
    public ReportBlock this[int index]
    {
        get
        {
            ReportBlock.TryRead(_data.Slice(index * ReportBlock.Length), out ReportBlock block);
            return block;
        }
    }

    /// <summary>For <c>foreach</c>.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Enumerates the blocks in order.</summary>
    public ref struct Enumerator
    {
        private readonly ReportBlockList _list;
        private int _index;

        internal Enumerator(ReportBlockList list)
        {
            _list = list;
            _index = -1;
        }

        /// <summary>The current block.</summary>
        public readonly ReportBlock Current => _list[_index];

        /// <summary>Advances to the next block.</summary>
        public bool MoveNext() => ++_index < _list.Count;
    }
}
