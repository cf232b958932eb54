namespace Sfu.Tests.Wire.Rtp;

/// <summary>Parser check run on one input; it must not throw and must terminate.</summary>
internal delegate void ParserCheck(ReadOnlySpan<byte> input);

/// <summary>
/// Random-bytes and mutated-valid inputs for parser robustness tests (COMMON rules: 100,000 of
/// each, fixed seed). Shared by the RTP and RTCP tests.
/// </summary>
internal static class FuzzInputs
{
    public const int Iterations = 100_000;

    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(2);

    /// <summary>Feeds <see cref="Iterations"/> random buffers of 0..<paramref name="maxLength"/> bytes to <paramref name="check"/>.</summary>
    public static void RunRandom(int seed, int maxLength, ParserCheck check) => RunGuarded(() =>
    {
        var random = new Random(seed);
        byte[] buffer = new byte[maxLength];
        for (int i = 0; i < Iterations; i++)
        {
            int length = random.Next(maxLength + 1);
            Span<byte> input = buffer.AsSpan(0, length);
            random.NextBytes(input);

            // Half the time force plausible leading bits so the parsers get past the version check.
            if (length > 0 && (i & 1) == 0)
            {
                input[0] = (byte)(0x80 | (input[0] & 0x3F));
            }

            check(input);
        }
    });

    /// <summary>Feeds <see cref="Iterations"/> mutations of the <paramref name="samples"/> to <paramref name="check"/>.</summary>
    public static void RunMutated(int seed, byte[][] samples, ParserCheck check) => RunGuarded(() =>
    {
        var random = new Random(seed);
        byte[] buffer = new byte[2048];
        for (int i = 0; i < Iterations; i++)
        {
            byte[] sample = samples[random.Next(samples.Length)];
            int length = Math.Min(sample.Length, buffer.Length - 16);
            sample.AsSpan(0, length).CopyTo(buffer);
            int mutations = 1 + random.Next(3);
            for (int m = 0; m < mutations; m++)
            {
                length = Mutate(random, buffer, length);
            }

            check(buffer.AsSpan(0, length));
        }
    });

    private static int Mutate(Random random, byte[] buffer, int length)
    {
        switch (random.Next(6))
        {
            case 0 when length > 0: // flip one bit
                buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                return length;
            case 1 when length > 0: // random byte anywhere
                buffer[random.Next(length)] = (byte)random.Next(256);
                return length;
            case 2 when length > 0: // header-area byte to an extreme (length fields, counts, ids)
                buffer[random.Next(Math.Min(length, 24))] = (byte)(random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => random.Next(256) });
                return length;
            case 3: // truncate
                return random.Next(length + 1);
            case 4: // append random bytes
                int extra = 1 + random.Next(16);
                random.NextBytes(buffer.AsSpan(length, extra));
                return length + extra;
            default: // last byte (RTP/RTCP padding count) to a random value
                if (length > 0)
                {
                    buffer[length - 1] = (byte)random.Next(256);
                }

                return length;
        }
    }

    private static void RunGuarded(Action body)
    {
        Task run = Task.Run(body);
        Assert.True(run.Wait(HangLimit), "parser did not finish: possible infinite loop");
    }
}
