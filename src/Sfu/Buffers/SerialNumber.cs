using System.Numerics;

namespace Sfu.Buffers;

/// <summary>
/// Serial number arithmetic (RFC 1982) for RTP's wrapping counters: 16-bit sequence numbers and 32-bit
/// timestamps (RFC 3550 section 5.1). The one place that knows how a wrapped difference is read; every
/// comparison, distance and 64-bit extension of those counters goes through here.
/// </summary>
/// <remarks>
/// <para>
/// <typeparamref name="T"/> is <see cref="ushort"/> for sequence numbers and <see cref="uint"/> for timestamps
/// (any unsigned type of at most 32 bits works). Passing an <see cref="int"/> does not compile, so a sequence
/// number cannot be compared with timestamp arithmetic by accident.
/// </para>
/// <para>
/// RFC 1982 section 3.2 leaves two values exactly half the range apart (2^15 for sequence numbers, 2^31 for
/// timestamps) undefined. Here neither is newer than the other, and <see cref="Difference{T}"/> reads the gap as
/// -2^(N-1): the two's complement reading of the wrapped difference, what <c>(short)(b - a)</c> gives for 16 bits.
/// So an unwrapper never moves forward on an ambiguous jump.
/// </para>
/// <para>Pure arithmetic: no state, no allocation; the JIT specialises each use for its value type.</para>
/// </remarks>
public static class SerialNumber
{
    /// <summary>
    /// The signed distance from <paramref name="from"/> forward to <paramref name="to"/> modulo 2^N, in
    /// -2^(N-1)..2^(N-1) - 1: positive when <paramref name="to"/> is newer, negative when older.
    /// </summary>
    public static long Difference<T>(T from, T to)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>, IMinMaxValue<T>
    {
        long forward = long.CreateTruncating(unchecked(to - from));
        long half = long.CreateTruncating(T.MaxValue >>> 1) + 1;
        return forward < half ? forward : forward - (half << 1);
    }

    /// <summary>
    /// Whether <paramref name="value"/> comes after <paramref name="reference"/> (RFC 1982 section 3.2: ahead by
    /// 1..2^(N-1) - 1). False for equal values and for values exactly half the range apart.
    /// </summary>
    public static bool IsNewer<T>(T value, T reference)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>, IMinMaxValue<T> =>
        Difference(reference, value) > 0;

    /// <summary>
    /// Extends <paramref name="value"/> to 64 bits as the number closest to <paramref name="reference"/> whose low
    /// N bits are <paramref name="value"/>: within -2^(N-1)..2^(N-1) - 1 of it.
    /// </summary>
    /// <param name="reference">An already extended value of the same counter, e.g. the highest seen so far.</param>
    /// <param name="value">The wrapped value from the packet.</param>
    public static long Extend<T>(long reference, T value)
        where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>, IMinMaxValue<T> =>
        reference + Difference(T.CreateTruncating(reference), value);
}
