using System.Buffers.Binary;

namespace Sfu.Client;

/// <summary>
/// The bytes a synthetic packet carries after its codec header, so a receiver can prove a forwarded packet is the one
/// that was sent, unchanged: a magic word, the publisher's own SSRC (the SFU rewrites the header's), a per-stream
/// packet counter, and filler derived from both. Any flipped, truncated or misrouted byte fails <see cref="TryRead"/>.
/// </summary>
/// <remarks>Layout: "SFUC" | origin SSRC (32, big endian) | counter (32, big endian) | filler.</remarks>
public static class SyntheticPayload
{
    /// <summary>Magic word, counter and SSRC.</summary>
    public const int MinLength = 12;

    private const uint Magic = 0x53465543; // "SFUC"

    /// <summary>Fills all of <paramref name="destination"/> (at least <see cref="MinLength"/> bytes); returns its length or 0.</summary>
    public static int Write(Span<byte> destination, uint originSsrc, uint counter)
    {
        if (destination.Length < MinLength)
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], originSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], counter);
        byte seed = Seed(originSsrc, counter);
        for (int i = MinLength; i < destination.Length; i++)
        {
            destination[i] = Filler(seed, i);
        }

        return destination.Length;
    }

    /// <summary>True when <paramref name="payload"/> is exactly what <see cref="Write"/> produced for its SSRC and counter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out uint originSsrc, out uint counter)
    {
        originSsrc = 0;
        counter = 0;
        if (payload.Length < MinLength || BinaryPrimitives.ReadUInt32BigEndian(payload) != Magic)
        {
            return false;
        }

        originSsrc = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        counter = BinaryPrimitives.ReadUInt32BigEndian(payload[8..]);
        byte seed = Seed(originSsrc, counter);
        for (int i = MinLength; i < payload.Length; i++)
        {
            if (payload[i] != Filler(seed, i))
            {
                return false;
            }
        }

        return true;
    }

    private static byte Seed(uint originSsrc, uint counter) => unchecked((byte)(originSsrc ^ (originSsrc >> 8) ^ (counter * 31)));

    private static byte Filler(byte seed, int index) => unchecked((byte)(seed + (index * 7)));
}
