using Sfu.Buffers;

namespace Sfu.Tests.Buffers;

public class SerialNumberTests
{
    [Theory]
    [InlineData(100, 100, 0)]
    [InlineData(100, 101, 1)]
    [InlineData(101, 100, -1)]
    // The wrap at 65535 -> 0, both ways.
    [InlineData(65535, 0, 1)]
    [InlineData(0, 65535, -1)]
    // Loss across the wrap.
    [InlineData(65000, 500, 1036)]
    [InlineData(500, 65000, -1036)]
    // The largest jumps either way that are still unambiguous.
    [InlineData(0, 32767, 32767)]
    [InlineData(32767, 0, -32767)]
    [InlineData(0, 32769, -32767)]
    // Exactly half the range apart (RFC 1982 section 3.2 leaves it undefined): read as behind, from both sides.
    [InlineData(0, 32768, -32768)]
    [InlineData(32768, 0, -32768)]
    [InlineData(40000, 7232, -32768)]
    public void SequenceDifference(int from, int to, long expected)
    {
        Assert.Equal(expected, SerialNumber.Difference((ushort)from, (ushort)to));
    }

    [Theory]
    [InlineData(1000u, 4000u, 3000L)]
    [InlineData(4000u, 1000u, -3000L)]
    // The wrap at 2^32 - 1 -> 0, both ways.
    [InlineData(4294967295u, 0u, 1L)]
    [InlineData(0u, 4294967295u, -1L)]
    [InlineData(4294964296u, 1000u, 4000L)]
    // The largest jumps either way that are still unambiguous.
    [InlineData(0u, 2147483647u, 2147483647L)]
    [InlineData(0u, 2147483649u, -2147483647L)]
    // Exactly half the range apart: behind, from both sides.
    [InlineData(0u, 2147483648u, -2147483648L)]
    [InlineData(2147483648u, 0u, -2147483648L)]
    public void TimestampDifference(uint from, uint to, long expected)
    {
        Assert.Equal(expected, SerialNumber.Difference(from, to));
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(7, 7, false)]
    [InlineData(0, 65535, true)] // 0 follows 65535
    [InlineData(65535, 0, false)]
    [InlineData(32767, 0, true)]
    [InlineData(0, 32769, true)]
    [InlineData(32768, 0, false)] // half the range: neither is newer
    [InlineData(0, 32768, false)]
    public void SequenceIsNewer(int value, int reference, bool expected)
    {
        Assert.Equal(expected, SerialNumber.IsNewer((ushort)value, (ushort)reference));
    }

    [Theory]
    [InlineData(0u, 4294967295u, true)] // 0 follows 2^32 - 1
    [InlineData(4294967295u, 0u, false)]
    [InlineData(5u, 5u, false)]
    [InlineData(2147483647u, 0u, true)]
    [InlineData(2147483648u, 0u, false)] // half the range: neither is newer
    [InlineData(0u, 2147483648u, false)]
    public void TimestampIsNewer(uint value, uint reference, bool expected)
    {
        Assert.Equal(expected, SerialNumber.IsNewer(value, reference));
    }

    [Theory]
    [InlineData(65535L, 0, 65536L)] // forward across the wrap
    [InlineData(65536L, 65535, 65535L)] // reordered back across it
    [InlineData(0L, 65535, -1L)] // before the start goes negative
    [InlineData((3 * 65536L) + 5, 65530, (3 * 65536L) - 6)]
    [InlineData(10 * 65536L, 32767, (10 * 65536L) + 32767)] // large jump forward
    [InlineData(10 * 65536L, 32769, (10 * 65536L) - 32767)] // large jump back
    [InlineData(10 * 65536L, 32768, (10 * 65536L) - 32768)] // the ambiguous point is behind
    public void ExtendsSequenceNumbers(long reference, int value, long expected)
    {
        Assert.Equal(expected, SerialNumber.Extend(reference, (ushort)value));
    }

    [Theory]
    [InlineData(4294967295L, 0u, 4294967296L)] // forward across the wrap
    [InlineData(4294967296L, 4294967295u, 4294967295L)] // reordered back across it
    [InlineData(100L, 4294967196u, -100L)]
    [InlineData((5 * 4294967296L) + 100, 4294967196u, (5 * 4294967296L) - 100)]
    [InlineData(0L, 2147483647u, 2147483647L)] // large jump forward
    [InlineData(0L, 2147483648u, -2147483648L)] // the ambiguous point is behind
    public void ExtendsTimestamps(long reference, uint value, long expected)
    {
        Assert.Equal(expected, SerialNumber.Extend(reference, value));
    }

    [Fact]
    public void AgreesWithTwosComplementOfTheWrappedDifference()
    {
        var random = new Random(1982);
        for (int i = 0; i < 10_000; i++)
        {
            ushort a = (ushort)random.Next(65536);
            ushort b = (ushort)random.Next(65536);
            Assert.Equal(unchecked((short)(b - a)), SerialNumber.Difference(a, b));

            uint c = (uint)random.NextInt64(1L << 32);
            uint d = (uint)random.NextInt64(1L << 32);
            Assert.Equal(unchecked((int)(d - c)), SerialNumber.Difference(c, d));
        }
    }
}
