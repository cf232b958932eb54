using System.Buffers.Binary;

namespace Sfu.Client;

/// <summary>
/// The bytes a synthetic packet carries after its codec header, so a receiver can prove a forwarded packet is the one
/// that was sent, unchanged: a magic word, the publisher's own SSRC (the SFU rewrites the header's), a per-stream
/// packet counter, and filler derived from both. Any flipped, truncated or misrouted byte fails <see cref="TryRead"/>.
/// </summary>
/// <remarks>
/// Layout: "SFUC" | origin SSRC (32, big endian) | counter (32, big endian) | filler. A stamped payload (the load tool's
/// forward latency) is "SFUT" | origin SSRC | counter | send time (64, <see cref="System.Diagnostics.Stopwatch"/> ticks,
/// the same monotonic clock in every process of one host) | filler seeded by all three, so a damaged stamp fails too.
/// </remarks>
public static class SyntheticPayload
{
    /// <summary>Magic word, counter and SSRC.</summary>
    public const int MinLength = 12;

    /// <summary>Magic word, counter, SSRC and send time.</summary>
    public const int StampedMinLength = 20;

    private const uint Magic = 0x53465543; // "SFUC"
    private const uint StampedMagic = 0x53465554; // "SFUT"

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

    /// <summary>Like <see cref="Write(Span{byte}, uint, uint)"/>, with the send time; falls back to unstamped below <see cref="StampedMinLength"/> bytes.</summary>
    public static int Write(Span<byte> destination, uint originSsrc, uint counter, long sentTimestamp)
    {
        if (destination.Length < StampedMinLength)
        {
            return Write(destination, originSsrc, counter);
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, StampedMagic);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], originSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], counter);
        BinaryPrimitives.WriteInt64BigEndian(destination[12..], sentTimestamp);
        byte seed = StampedSeed(originSsrc, counter, sentTimestamp);
        for (int i = StampedMinLength; i < destination.Length; i++)
        {
            destination[i] = Filler(seed, i);
        }

        return destination.Length;
    }

    /// <summary>True when <paramref name="payload"/> is exactly what <see cref="Write(Span{byte}, uint, uint)"/> produced for its SSRC and counter.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out uint originSsrc, out uint counter) => TryRead(payload, out originSsrc, out counter, out _);

    /// <summary>As <see cref="TryRead(ReadOnlySpan{byte}, out uint, out uint)"/>; <paramref name="sentTimestamp"/> is the stamp, or 0 for an unstamped payload.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out uint originSsrc, out uint counter, out long sentTimestamp)
    {
        originSsrc = 0;
        counter = 0;
        sentTimestamp = 0;
        if (payload.Length < MinLength)
        {
            return false;
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(payload);
        bool stamped = magic == StampedMagic && payload.Length >= StampedMinLength;
        if (magic != Magic && !stamped)
        {
            return false;
        }

        originSsrc = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        counter = BinaryPrimitives.ReadUInt32BigEndian(payload[8..]);
        long stamp = stamped ? BinaryPrimitives.ReadInt64BigEndian(payload[12..]) : 0;
        byte seed = stamped ? StampedSeed(originSsrc, counter, stamp) : Seed(originSsrc, counter);
        for (int i = stamped ? StampedMinLength : MinLength; i < payload.Length; i++)
        {
            if (payload[i] != Filler(seed, i))
            {
                return false;
            }
        }

        sentTimestamp = stamp;
        return true;
    }

    private static byte StampedSeed(uint originSsrc, uint counter, long stamp) =>
        unchecked((byte)(Seed(originSsrc, counter) ^ (((ulong)stamp * 0x9E3779B97F4A7C15UL) >> 56)));

    private static byte Seed(uint originSsrc, uint counter) => unchecked((byte)(originSsrc ^ (originSsrc >> 8) ^ (counter * 31)));

    private static byte Filler(byte seed, int index) => unchecked((byte)(seed + (index * 7)));
}
