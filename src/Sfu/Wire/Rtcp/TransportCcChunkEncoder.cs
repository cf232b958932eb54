using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>
/// Packs a stream of transport-wide CC status symbols into packet chunks
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 sections 3.1.3-3.1.4), greedily: symbols
/// collect until the next one fits none of the chunk kinds, then the longest chunk that covers the
/// collected prefix is written. Runs of one symbol become run-length chunks (up to 8191), mixes of
/// not-received/small become 14-symbol one-bit vectors, and mixes that include a large delta
/// become 7-symbol two-bit vectors. This is the same packing libwebrtc uses, so our feedback has
/// the size browsers expect.
/// </summary>
internal ref struct TransportCcChunkEncoder
{
    private const int OneBitCapacity = 14;
    private const int TwoBitCapacity = 7;
    private const int MaxRunLength = 0x1FFF;
    private const int Large = (int)TransportCcStatus.ReceivedLargeDelta;

    private readonly Span<byte> _destination;
    private int _offset;
    private uint _symbols; // up to 14 two-bit symbols, symbol i at bits 2i..2i+1
    private int _size;
    private bool _allSame;
    private bool _hasLarge;

    public TransportCcChunkEncoder(Span<byte> destination, int offset)
    {
        _destination = destination;
        _offset = offset;
        _symbols = 0;
        _size = 0;
        _allSame = true;
        _hasLarge = false;
        Overflow = false;
    }

    /// <summary>True if a chunk did not fit in the destination.</summary>
    public bool Overflow { get; private set; }

    /// <summary>Offset just after the last chunk written.</summary>
    public readonly int Offset => _offset;

    public void Add(int symbol)
    {
        if (!CanAdd(symbol))
        {
            Emit();
        }

        if (_size < OneBitCapacity)
        {
            _symbols |= (uint)symbol << (2 * _size);
        }

        _allSame = _allSame && (_size == 0 || symbol == First);
        _hasLarge |= symbol == Large;
        _size++;
    }

    /// <summary>Writes whatever is pending as the final chunk.</summary>
    public void Flush()
    {
        if (_size == 0)
        {
            return;
        }

        if (_allSame)
        {
            WriteChunk((First << 13) | _size);
        }
        else if (_size <= TwoBitCapacity)
        {
            WriteTwoBit(_size);
        }
        else
        {
            WriteOneBit(_size);
        }

        Clear();
    }

    private readonly int First => (int)(_symbols & 0x3);

    private readonly bool CanAdd(int symbol) =>
        _size < TwoBitCapacity
        || (_size < OneBitCapacity && !_hasLarge && symbol != Large)
        || (_size < MaxRunLength && _allSame && symbol == First);

    private void Emit()
    {
        if (_allSame)
        {
            WriteChunk((First << 13) | _size);
            Clear();
            return;
        }

        if (_size == OneBitCapacity)
        {
            WriteOneBit(OneBitCapacity);
            Clear();
            return;
        }

        // Seven or more mixed symbols with a large delta among them or coming: write the first
        // seven as a two-bit vector and keep the rest pending.
        WriteTwoBit(TwoBitCapacity);
        _symbols >>= 2 * TwoBitCapacity;
        _size -= TwoBitCapacity;
        _allSame = true;
        _hasLarge = false;
        for (int i = 0; i < _size; i++)
        {
            int symbol = (int)(_symbols >> (2 * i)) & 0x3;
            _allSame &= symbol == First;
            _hasLarge |= symbol == Large;
        }
    }

    private void WriteOneBit(int count)
    {
        int chunk = 0x8000;
        for (int i = 0; i < count; i++)
        {
            chunk |= (int)((_symbols >> (2 * i)) & 0x1) << (13 - i);
        }

        WriteChunk(chunk);
    }

    private void WriteTwoBit(int count)
    {
        int chunk = 0xC000;
        for (int i = 0; i < count; i++)
        {
            chunk |= (int)((_symbols >> (2 * i)) & 0x3) << (12 - (2 * i));
        }

        WriteChunk(chunk);
    }

    private void WriteChunk(int chunk)
    {
        if (_offset + 2 > _destination.Length)
        {
            Overflow = true;
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(_offset), (ushort)chunk);
        _offset += 2;
    }

    private void Clear()
    {
        _symbols = 0;
        _size = 0;
        _allSame = true;
        _hasLarge = false;
    }
}
