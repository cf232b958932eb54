using System.Buffers.Binary;
using Sfu.Wire.Stun;

namespace Sfu.Tests.Wire.Stun;

/// <summary>Random and mutated input must never throw, and anything TryRead accepts must obey the framing rules.</summary>
public class StunFuzzTests
{
    private const int Iterations = 100_000;

    private static readonly byte[][] Seeds =
    [
        StunTestVectors.Request,
        StunTestVectors.IPv4Response,
        StunTestVectors.IPv6Response,
        StunTestVectors.LongTermRequest,
    ];

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(5389);
        byte[] buffer = new byte[200];
        int accepted = 0;
        for (int i = 0; i < Iterations; i++)
        {
            Span<byte> packet = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(packet);
            if (i % 2 == 0 && packet.Length >= 20)
            {
                // Half the inputs get a plausible header so the attribute walk is reached, not just the cookie check.
                packet[0] &= 0x3F;
                BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2), (ushort)((packet.Length - 20) & ~3));
                BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4), StunMessage.MagicCookie);
            }

            accepted += Exercise(packet) ? 1 : 0;
        }

        Assert.InRange(accepted, 1, Iterations);
    }

    [Fact]
    public void MutatedValidMessages_NeverThrow()
    {
        var random = new Random(5769);
        byte[] buffer = new byte[256];
        int accepted = 0;
        for (int i = 0; i < Iterations; i++)
        {
            byte[] seed = Seeds[i % Seeds.Length];
            int length = seed.Length;
            seed.CopyTo(buffer, 0);
            switch (random.Next(4))
            {
                case 0: // flip a few bits
                    for (int k = random.Next(1, 4); k > 0; k--)
                    {
                        buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // truncate
                    length = random.Next(length);
                    break;
                case 2: // overwrite an attribute length and keep the header length consistent
                    buffer[20 + (4 * random.Next((length - 20) / 4)) + 3] = (byte)random.Next(256);
                    break;
                default: // grow with random bytes and fix up the header length
                    int extra = 4 * random.Next(1, 8);
                    random.NextBytes(buffer.AsSpan(length, extra));
                    length += extra;
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(length - 20));
                    break;
            }

            accepted += Exercise(buffer.AsSpan(0, length)) ? 1 : 0;
        }

        Assert.InRange(accepted, 1, Iterations);
    }

    // Calls every accessor on whatever parses, checking the invariants TryRead promises.
    private static bool Exercise(ReadOnlySpan<byte> packet)
    {
        if (!StunMessage.TryRead(packet, out StunMessage msg))
        {
            return false;
        }

        Assert.Equal(0, (packet.Length - 20) % 4);
        Assert.Equal(packet.Length - 20, BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2)));
        Assert.Equal(12, msg.TransactionId.Length);
        _ = msg.Type;
        _ = msg.Method;
        _ = msg.Class;
        int walked = 20;
        foreach (StunAttribute attribute in msg.GetAttributes())
        {
            walked += 4 + ((attribute.Value.Length + 3) & ~3);
        }

        Assert.Equal(packet.Length, walked);
        msg.TryGetUsername(out _);
        msg.TryGetPriority(out _);
        _ = msg.HasUseCandidate;
        msg.TryGetIceControlling(out _);
        msg.TryGetIceControlled(out _);
        if (msg.TryGetErrorCode(out int code, out _))
        {
            Assert.InRange(code, 300, 699);
        }

        msg.TryGetXorMappedAddress(out _);
        msg.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8);
        msg.VerifyFingerprint();
        return true;
    }
}
