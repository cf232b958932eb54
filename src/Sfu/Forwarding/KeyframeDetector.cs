namespace Sfu.Forwarding;

/// <summary>
/// Tells from an RTP payload whether the packet starts a keyframe (a picture a decoder can start from),
/// which is where a forwarder may begin or switch a video stream. Reads the payload descriptor only;
/// never throws and never allocates, whatever the bytes.
/// </summary>
public static class KeyframeDetector
{
    // RFC 6184 5.2: the NAL unit type (low 5 bits of the first byte) says single NAL (1-23),
    // STAP-A (24), STAP-B (25), MTAP (26, 27), FU-A (28) or FU-B (29).
    private const int NalIdr = 5;
    private const int NalSps = 7;
    private const int NalStapA = 24;
    private const int NalStapB = 25;
    private const int NalFuA = 28;
    private const int NalFuB = 29;

    /// <summary>Whether <paramref name="payload"/> (the RTP payload, after header and extensions) starts a keyframe.</summary>
    public static bool IsKeyframe(VideoCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        VideoCodec.Vp8 => IsVp8Keyframe(payload),
        VideoCodec.Vp9 => IsVp9Keyframe(payload),
        VideoCodec.H264 => IsH264Keyframe(payload),
        _ => false,
    };

    // RFC 7741 4.2 payload descriptor:
    //   |X|R|N|S|R| PID |        then, if X: |I|L|T|K| RSV |
    //   I: |M| PictureID | (+1 byte if M)   L: | TL0PICIDX |   T or K: |TID|Y| KEYIDX |
    // RFC 7741 4.3 payload header, at the start of partition 0 (S=1, PID=0): |Size0|H| VER |P|, P=0 for a key frame;
    // a key frame's 3-byte frame tag is followed by the start code 9d 01 2a (RFC 6386 9.1).
    private static bool IsVp8Keyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        bool startOfPartition = (first & 0x10) != 0;
        int partitionIndex = first & 0x07;
        if (!startOfPartition || partitionIndex != 0)
        {
            return false;
        }

        int offset = 1;
        if ((first & 0x80) != 0)
        {
            if (payload.Length <= offset)
            {
                return false;
            }

            byte extension = payload[offset++];
            if ((extension & 0x80) != 0)
            {
                if (payload.Length <= offset)
                {
                    return false;
                }

                offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
            }

            if ((extension & 0x40) != 0)
            {
                offset++;
            }

            if ((extension & 0x30) != 0)
            {
                offset++;
            }
        }

        if (payload.Length < offset + 6)
        {
            return false;
        }

        ReadOnlySpan<byte> header = payload.Slice(offset);
        bool interFrame = (header[0] & 0x01) != 0;
        return !interFrame && header[3] == 0x9d && header[4] == 0x01 && header[5] == 0x2a;
    }

    // RFC 9628 4.2 payload descriptor: |I|P|L|F|B|E|V|Z|, then if I: |M| PICTURE ID | (+1 byte if M),
    // then if L: |TID|U| SID |D|. A keyframe is not inter-picture predicted (P=0), starts a frame (B=1),
    // and is on the base spatial layer (SID 0), where a decoder can start.
    private static bool IsVp9Keyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        bool interPicturePredicted = (first & 0x40) != 0;
        bool startOfFrame = (first & 0x08) != 0;
        if (interPicturePredicted || !startOfFrame)
        {
            return false;
        }

        if ((first & 0x20) == 0)
        {
            return true; // no layer indices: a single spatial layer
        }

        int offset = 1;
        if ((first & 0x80) != 0)
        {
            if (payload.Length <= offset)
            {
                return false;
            }

            offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
        }

        if (payload.Length <= offset)
        {
            return false;
        }

        int spatialId = (payload[offset] >> 1) & 0x07;
        return spatialId == 0;
    }

    private static bool IsH264Keyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        int type = payload[0] & 0x1F;
        switch (type)
        {
            case NalStapA:
                return AggregateHasKeyframeNal(payload.Slice(1));
            case NalStapB:
                // RFC 6184 5.7.1: a 16-bit decoding order number precedes the units.
                return payload.Length >= 3 && AggregateHasKeyframeNal(payload.Slice(3));
            case NalFuA:
            case NalFuB:
                // RFC 6184 5.8: |FU indicator|FU header: S|E|R|Type|; only the start fragment begins the unit.
                if (payload.Length < 2)
                {
                    return false;
                }

                byte fuHeader = payload[1];
                return (fuHeader & 0x80) != 0 && IsKeyframeNalType(fuHeader & 0x1F);
            default:
                return IsKeyframeNalType(type);
        }
    }

    // RFC 6184 5.7.1: STAP units are |16-bit size|NAL unit| repeated.
    private static bool AggregateHasKeyframeNal(ReadOnlySpan<byte> units)
    {
        while (units.Length >= 3)
        {
            int size = (units[0] << 8) | units[1];
            if (size == 0 || size > units.Length - 2)
            {
                return false;
            }

            if (IsKeyframeNalType(units[2] & 0x1F))
            {
                return true;
            }

            units = units.Slice(2 + size);
        }

        return false;
    }

    private static bool IsKeyframeNalType(int type) => type is NalIdr or NalSps;
}
