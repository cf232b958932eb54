using System.Buffers.Binary;

namespace Sfu.Wire.Rtcp;

/// <summary>Walks the packets of a validated <see cref="TransportCcFeedback"/>: status and receive delta per sequence number.</summary>
public ref struct TransportCcPacketEnumerator
{
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;
    private int _remaining;
    private int _chunkOffset;
    private int _chunk;
    private int _chunkCapacity;
    private int _indexInChunk;
    private int _deltaOffset;
    private ushort _sequenceNumber;
    private long _arrivalTicks;
    private TransportCcPacketStatus _current;

    internal TransportCcPacketEnumerator(
        ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequenceNumber, int count, long referenceTicks)
    {
        _chunks = chunks;
        _deltas = deltas;
        _remaining = count;
        _chunkOffset = 0;
        _chunk = 0;
        _chunkCapacity = 0;
        _indexInChunk = 0;
        _deltaOffset = 0;
        _sequenceNumber = baseSequenceNumber;
        _arrivalTicks = referenceTicks;
        _current = default;
    }

    /// <summary>The current packet.</summary>
    public readonly TransportCcPacketStatus Current => _current;

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly TransportCcPacketEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next reported packet.</summary>
    public bool MoveNext()
    {
        if (_remaining <= 0)
        {
            return false;
        }

        // Skip exhausted chunks (including run-length chunks of length 0).
        while (_indexInChunk >= _chunkCapacity)
        {
            if (_chunkOffset + 2 > _chunks.Length)
            {
                _remaining = 0;
                return false;
            }

            _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks.Slice(_chunkOffset));
            _chunkOffset += 2;
            _chunkCapacity = TransportCcFeedback.GetChunkCapacity(_chunk);
            _indexInChunk = 0;
        }

        int symbol = TransportCcFeedback.GetSymbol(_chunk, _indexInChunk++);
        int delta = 0;
        if (symbol == (int)TransportCcStatus.ReceivedSmallDelta && _deltaOffset + 1 <= _deltas.Length)
        {
            delta = _deltas[_deltaOffset];
        }
        else if (symbol == (int)TransportCcStatus.ReceivedLargeDelta && _deltaOffset + 2 <= _deltas.Length)
        {
            delta = BinaryPrimitives.ReadInt16BigEndian(_deltas.Slice(_deltaOffset));
        }
        else if (symbol != (int)TransportCcStatus.NotReceived)
        {
            _remaining = 0; // only reachable for data TryRead would have rejected
            return false;
        }

        _deltaOffset += symbol;
        _arrivalTicks += delta;
        _current = new TransportCcPacketStatus(
            _sequenceNumber, (TransportCcStatus)symbol, delta, symbol == 0 ? 0 : _arrivalTicks);
        _sequenceNumber++;
        _remaining--;
        return true;
    }
}
