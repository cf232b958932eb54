namespace Sfu.Client;

/// <summary>
/// The VP8 RTP payload descriptor and, at the start of a frame, the VP8 payload header (RFC 7741 sections 4.2 and 4.3)
/// that the synthetic video source writes, so the SFU's keyframe detection sees real VP8 framing.
/// </summary>
/// <remarks>
/// Descriptor: one byte |X|R|N|S|R|PID| with X=0 (no extensions), S=1 only on the first packet of a frame, PID=0.
/// Frame start: the 3-byte frame tag |Size0|H|VER|P| .. with P=0 for a key frame and 1 for an inter frame; a key frame
/// tag is followed by the start code 9d 01 2a and 14-bit width and height (RFC 6386 sections 9.1 and 19.1).
/// </remarks>
public static class Vp8PayloadHeader
{
    /// <summary>Descriptor, frame tag, start code and dimensions of a key frame's first packet.</summary>
    public const int MaxLength = 1 + 3 + 3 + 4;

    private const byte StartOfPartition = 0x10;
    private const byte ShowFrame = 0x10;
    private const byte InterFrame = 0x01;

    /// <summary>Writes the header of one packet and returns its length, or 0 when <paramref name="destination"/> is too small.</summary>
    public static int Write(Span<byte> destination, bool startOfFrame, bool keyframe, ushort width = 640, ushort height = 480)
    {
        int length = !startOfFrame ? 1 : keyframe ? MaxLength : 4;
        if (destination.Length < length)
        {
            return 0;
        }

        if (!startOfFrame)
        {
            destination[0] = 0;
            return 1;
        }

        destination[0] = StartOfPartition;
        destination[1] = (byte)(ShowFrame | (keyframe ? 0 : InterFrame));
        destination[2] = 0;
        destination[3] = 0;
        if (!keyframe)
        {
            return length;
        }

        destination[4] = 0x9d;
        destination[5] = 0x01;
        destination[6] = 0x2a;
        destination[7] = (byte)width;
        destination[8] = (byte)((width >> 8) & 0x3F);
        destination[9] = (byte)height;
        destination[10] = (byte)((height >> 8) & 0x3F);
        return length;
    }

    /// <summary>
    /// Reads the length of the descriptor and frame header at the front of <paramref name="payload"/> and whether the
    /// packet starts a key frame. Follows the descriptor's optional X extension bytes; never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out int headerLength, out bool keyframe)
    {
        headerLength = 0;
        keyframe = false;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        int offset = 1;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte extension = payload[1];
            offset = 2;
            if ((extension & 0x80) != 0)
            {
                if (payload.Length <= offset)
                {
                    return false;
                }

                offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
            }

            offset += (extension & 0x40) != 0 ? 1 : 0;
            offset += (extension & 0x30) != 0 ? 1 : 0;
        }

        bool startOfFrame = (first & StartOfPartition) != 0 && (first & 0x07) == 0;
        if (!startOfFrame)
        {
            headerLength = offset;
            return payload.Length >= offset;
        }

        if (payload.Length < offset + 3)
        {
            return false;
        }

        keyframe = (payload[offset] & InterFrame) == 0;
        headerLength = offset + (keyframe ? 10 : 3);
        if (keyframe && (payload.Length < headerLength || payload[offset + 3] != 0x9d || payload[offset + 4] != 0x01 || payload[offset + 5] != 0x2a))
        {
            keyframe = false;
            return false;
        }

        return true;
    }
}
