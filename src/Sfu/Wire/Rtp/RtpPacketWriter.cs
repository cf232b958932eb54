using System.Buffers.Binary;

namespace Sfu.Wire.Rtp;

/// <summary>
/// Builds an RTP packet (RFC 3550 section 5.1) into a caller's buffer in order: header, header
/// extensions, payload, padding. Extensions use the RFC 8285 one-byte form while every element fits
/// it (id 1-14, 1-16 bytes) and switch to the two-byte form as soon as one does not. Used by tests,
/// the load generator and RTX/probe paths.
/// </summary>
/// <remarks>
/// Any failure (buffer too small, bad id, wrong order) makes that call and every later one return
/// false and <see cref="Finish"/> return 0, so a caller can check once at the end. Never throws.
/// </remarks>
public ref struct RtpPacketWriter
{
    private const int ExtensionHeaderLength = 4;
    private const byte ExtensionBit = 0x10;
    private const byte PaddingBit = 0x20;

    private readonly Span<byte> _buffer;
    private int _length;
    private int _extensionStart;
    private bool _twoByte;
    private Stage _stage;

    /// <summary>Starts a packet at the beginning of <paramref name="buffer"/>.</summary>
    public RtpPacketWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
        _extensionStart = -1;
        _twoByte = false;
        _stage = Stage.Empty;
    }

    private enum Stage
    {
        Empty,
        Header,
        Extensions,
        Payload,
        Finished,
        Failed,
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>True after a call failed; <see cref="Finish"/> will return 0.</summary>
    public readonly bool Failed => _stage == Stage.Failed;

    /// <summary>Writes the fixed header and the CSRC list (at most 15).</summary>
    public bool WriteHeader(byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false, ReadOnlySpan<uint> csrcs = default)
    {
        int headerLength = RtpHeader.FixedLength + (csrcs.Length * 4);
        if (_stage != Stage.Empty || csrcs.Length > 15 || payloadType > 0x7F || headerLength > _buffer.Length)
        {
            return Fail();
        }

        _buffer[0] = (byte)((RtpHeader.Version << 6) | csrcs.Length);
        _buffer[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(8), ssrc);
        for (int i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(RtpHeader.FixedLength + (i * 4)), csrcs[i]);
        }

        _length = headerLength;
        _stage = Stage.Header;
        return true;
    }

    /// <summary>
    /// Appends a header extension element. Ids 1-14 with 1-16 byte values fit the one-byte form;
    /// ids up to 255, empty values or values up to 255 bytes switch the block to the two-byte form.
    /// </summary>
    public bool AddExtension(int id, ReadOnlySpan<byte> value)
    {
        if ((_stage != Stage.Header && _stage != Stage.Extensions) || id < 1 || id > 255
            || value.Length > RtpExtensionProfile.TwoByteMaxValueLength)
        {
            return Fail();
        }

        if (_stage == Stage.Header)
        {
            if (_length + ExtensionHeaderLength > _buffer.Length)
            {
                return Fail();
            }

            _extensionStart = _length;
            _length += ExtensionHeaderLength;
            _stage = Stage.Extensions;
        }

        bool needsTwoByte = id > RtpExtensionProfile.OneByteMaxId || value.Length == 0
            || value.Length > RtpExtensionProfile.OneByteMaxValueLength;
        if (needsTwoByte && !_twoByte && !TryConvertToTwoByte())
        {
            return Fail();
        }

        int elementLength = (_twoByte ? 2 : 1) + value.Length;
        if (_length + elementLength > _buffer.Length)
        {
            return Fail();
        }

        if (_twoByte)
        {
            _buffer[_length] = (byte)id;
            _buffer[_length + 1] = (byte)value.Length;
        }
        else
        {
            _buffer[_length] = (byte)((id << 4) | (value.Length - 1));
        }

        value.CopyTo(_buffer.Slice(_length + elementLength - value.Length));
        _length += elementLength;
        return true;
    }

    /// <summary>Appends payload bytes (may be called more than once).</summary>
    public bool WritePayload(ReadOnlySpan<byte> payload)
    {
        if (!TryBeginPayload() || _length + payload.Length > _buffer.Length)
        {
            return Fail();
        }

        payload.CopyTo(_buffer.Slice(_length));
        _length += payload.Length;
        return true;
    }

    /// <summary>
    /// Reserves <paramref name="length"/> payload bytes and returns them for the caller to fill,
    /// avoiding a copy; empty (and the writer failed) if they do not fit.
    /// </summary>
    public Span<byte> ReservePayload(int length)
    {
        if (length < 0 || !TryBeginPayload() || _length + length > _buffer.Length)
        {
            Fail();
            return default;
        }

        Span<byte> reserved = _buffer.Slice(_length, length);
        _length += length;
        return reserved;
    }

    /// <summary>
    /// Appends <paramref name="paddingLength"/> (0-255) bytes of padding, the last one holding the
    /// count, and returns the packet length; 0 if any step failed.
    /// </summary>
    public int Finish(int paddingLength = 0)
    {
        if (paddingLength < 0 || paddingLength > 255 || !TryBeginPayload() || _length + paddingLength > _buffer.Length)
        {
            Fail();
            return 0;
        }

        if (paddingLength > 0)
        {
            _buffer.Slice(_length, paddingLength - 1).Clear();
            _buffer[_length + paddingLength - 1] = (byte)paddingLength;
            _buffer[0] |= PaddingBit;
            _length += paddingLength;
        }

        _stage = Stage.Finished;
        return _length;
    }

    // Closes the extension block (pads it to 32 bits and writes its header) before payload.
    private bool TryBeginPayload()
    {
        if (_stage == Stage.Payload)
        {
            return true;
        }

        if (_stage == Stage.Extensions)
        {
            int bodyLength = _length - _extensionStart - ExtensionHeaderLength;
            int padded = (bodyLength + 3) & ~3;
            if (_extensionStart + ExtensionHeaderLength + padded > _buffer.Length)
            {
                return false;
            }

            _buffer.Slice(_length, padded - bodyLength).Clear();
            _length += padded - bodyLength;
            ushort profile = _twoByte ? RtpExtensionProfile.TwoByte : RtpExtensionProfile.OneByte;
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_extensionStart), profile);
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(_extensionStart + 2), (ushort)(padded / 4));
            _buffer[0] |= ExtensionBit;
        }
        else if (_stage != Stage.Header)
        {
            return false;
        }

        _stage = Stage.Payload;
        return true;
    }

    // Rewrites the one-byte elements written so far as two-byte elements (each grows by one byte).
    // The block is first shifted right by the element count; reading then stays ahead of writing.
    private bool TryConvertToTwoByte()
    {
        int start = _extensionStart + ExtensionHeaderLength;
        int count = 0;
        for (int p = start; p < _length; p += 2 + (_buffer[p] & 0x0F))
        {
            count++;
        }

        if (_length + count > _buffer.Length)
        {
            return false;
        }

        _buffer.Slice(start, _length - start).CopyTo(_buffer.Slice(start + count));
        int read = start + count;
        int write = start;
        int end = _length + count;
        while (read < end)
        {
            byte first = _buffer[read];
            int valueLength = (first & 0x0F) + 1;
            _buffer.Slice(read + 1, valueLength).CopyTo(_buffer.Slice(write + 2));
            _buffer[write] = (byte)(first >> 4);
            _buffer[write + 1] = (byte)valueLength;
            read += 1 + valueLength;
            write += 2 + valueLength;
        }

        _length = end;
        _twoByte = true;
        return true;
    }

    private bool Fail()
    {
        _stage = Stage.Failed;
        return false;
    }
}
