namespace Sfu.Forwarding;

/// <summary>
/// Keeps the VP8 payload descriptor's PictureID and TL0PICIDX (RFC 7741 section 4.2) continuous in what one consumer
/// sends, as the <see cref="Forwarder"/> keeps sequence numbers and timestamps continuous. Each simulcast layer is its own
/// encoder with its own PictureID count, so a layer switch made the subscriber's stream jump to an unrelated PictureID;
/// Chrome's frame buffer drops frames whose id is not newer than the last one it decoded, and froze for seconds after
/// some switches. The output is the input plus an offset, re-based at a switch (or a resume) so the first forwarded
/// picture follows the last one sent. A 7-bit PictureID (M=0) is rewritten within 7 bits.
/// </summary>
/// <remarks>Single owner (the consumer, on the media worker); no allocation.</remarks>
public sealed class Vp8PictureIdRewriter
{
    /// <summary>No PictureID or TL0PICIDX in the descriptor.</summary>
    public const int Absent = -1;

    private const int LongMask = 0x7FFF;
    private const int Tl0Mask = 0xFF;

    private int _pictureIdOffset;
    private int _tl0Offset;
    private int _lastPictureId = Absent;
    private int _lastTl0 = Absent;

    /// <summary>
    /// Rewrites the descriptor at the start of <paramref name="payload"/> (a VP8 RTP payload) in place.
    /// <paramref name="rebase"/> marks the first packet after a source switch or resume, which continues the output.
    /// </summary>
    /// <returns>The PictureID and TL0PICIDX written (<see cref="Absent"/> for a field the descriptor lacks).</returns>
    public (int PictureId, int Tl0PicIdx) Rewrite(Span<byte> payload, bool rebase)
    {
        if (!TryLocate(payload, out int pictureIdAt, out bool longPictureId, out int tl0At))
        {
            return (Absent, Absent);
        }

        int pictureId = Absent;
        if (pictureIdAt >= 0)
        {
            int mask = longPictureId ? LongMask : 0x7F;
            int input = ReadPictureId(payload, pictureIdAt, longPictureId);
            if (rebase && _lastPictureId != Absent)
            {
                _pictureIdOffset = (_lastPictureId + 1 - input) & LongMask;
            }

            pictureId = (input + _pictureIdOffset) & mask;
            WritePictureId(payload, pictureIdAt, longPictureId, pictureId);
            _lastPictureId = Newer(pictureId, _lastPictureId, mask);
        }

        int tl0 = Absent;
        if (tl0At >= 0)
        {
            int input = payload[tl0At];
            if (rebase && _lastTl0 != Absent)
            {
                _tl0Offset = (_lastTl0 + 1 - input) & Tl0Mask;
            }

            tl0 = (input + _tl0Offset) & Tl0Mask;
            payload[tl0At] = (byte)tl0;
            _lastTl0 = Newer(tl0, _lastTl0, Tl0Mask);
        }

        return (pictureId, tl0);
    }

    /// <summary>Writes values <see cref="Rewrite"/> returned before into a copy of the same packet (a retransmission).</summary>
    public static void Restore(Span<byte> payload, int pictureId, int tl0PicIdx)
    {
        if (!TryLocate(payload, out int pictureIdAt, out bool longPictureId, out int tl0At))
        {
            return;
        }

        if (pictureIdAt >= 0 && pictureId != Absent)
        {
            WritePictureId(payload, pictureIdAt, longPictureId, pictureId & (longPictureId ? LongMask : 0x7F));
        }

        if (tl0At >= 0 && tl0PicIdx != Absent)
        {
            payload[tl0At] = (byte)tl0PicIdx;
        }
    }

    // RFC 7741 section 4.2:  |X|R|N|S|R| PID |, then if X: |I|L|T|K| RSV |, then if I: |M| PictureID | (+1 byte if M),
    // then if L: | TL0PICIDX |. Offsets of the fields present, -1 for those absent; false when the payload is too short.
    private static bool TryLocate(ReadOnlySpan<byte> payload, out int pictureIdAt, out bool longPictureId, out int tl0At)
    {
        pictureIdAt = -1;
        tl0At = -1;
        longPictureId = false;
        if (payload.Length < 2 || (payload[0] & 0x80) == 0)
        {
            return payload.Length >= 1;
        }

        byte extension = payload[1];
        int offset = 2;
        if ((extension & 0x80) != 0)
        {
            if (payload.Length <= offset)
            {
                return false;
            }

            longPictureId = (payload[offset] & 0x80) != 0;
            pictureIdAt = offset;
            offset += longPictureId ? 2 : 1;
        }

        if ((extension & 0x40) != 0)
        {
            if (payload.Length <= offset)
            {
                return false;
            }

            tl0At = offset;
            offset++;
        }

        return payload.Length >= offset;
    }

    private static int ReadPictureId(ReadOnlySpan<byte> payload, int at, bool longPictureId) =>
        longPictureId ? ((payload[at] & 0x7F) << 8) | payload[at + 1] : payload[at] & 0x7F;

    private static void WritePictureId(Span<byte> payload, int at, bool longPictureId, int value)
    {
        if (longPictureId)
        {
            payload[at] = (byte)(0x80 | (value >> 8));
            payload[at + 1] = (byte)value;
        }
        else
        {
            payload[at] = (byte)value;
        }
    }

    /// <summary>The newer of two values of a counter that wraps at <paramref name="mask"/> + 1 (serial number arithmetic).</summary>
    private static int Newer(int candidate, int last, int mask)
    {
        if (last == Absent)
        {
            return candidate;
        }

        int ahead = (candidate - last) & mask;
        return ahead != 0 && ahead <= mask / 2 ? candidate : last;
    }
}
