using Sfu.Wire.Rtp;

namespace Sfu.Tests.Wire.Rtp;

/// <summary>Random and mutated inputs for every RTP parser: no exception, no hang, consistent results.</summary>
public class RtpFuzzTests
{
    private static readonly byte[][] Samples = BuildSamples();

    [Fact]
    public void RandomBytes() => FuzzInputs.RunRandom(seed: 3550, maxLength: 200, Check);

    [Fact]
    public void MutatedValidPackets() => FuzzInputs.RunMutated(seed: 8285, Samples, Check);

    private static void Check(ReadOnlySpan<byte> input)
    {
        if (!RtpHeader.TryRead(input, out RtpHeader header))
        {
            return;
        }

        // Whatever was accepted must describe the input exactly.
        Assert.Equal(input.Length, header.HeaderLength + header.PayloadLength + header.PaddingLength);
        Assert.True(header.ExtensionOffset + header.ExtensionLength <= header.HeaderLength);

        int count = 0;
        var elements = RtpHeaderExtensions.Enumerate(input, header);
        foreach (RtpHeaderExtensionElement element in elements)
        {
            Assert.InRange(element.ValueOffset, header.ExtensionOffset, header.HeaderLength);
            Assert.True(element.ValueOffset + element.Value.Length <= header.ExtensionOffset + header.ExtensionLength);
            count++;
        }

        Assert.True(count <= header.ExtensionLength);
        RtpHeaderExtensions.TryFind(input, header, 3, out _);
        RtxPacket.TryReadOriginalSequenceNumber(input, header, out _);
        AudioLevelExtension.TryRead(header.GetPayload(input), out _, out _);

        Span<byte> copy = stackalloc byte[input.Length];
        input.CopyTo(copy);
        RtpHeaderExtensions.TryRemap(copy, header, [0, 2, 1, 200]);
        Span<byte> rtx = stackalloc byte[input.Length + 2];
        Assert.Equal(header.HeaderLength + 2 + header.PayloadLength, RtxPacket.Write(rtx, input, header, 97, 1, 2));
    }

    private static byte[][] BuildSamples()
    {
        byte[] buffer = new byte[256];
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(96, 100, 3000, 42, marker: true, csrcs: [7]);
        writer.AddExtension(1, [0x9E]);
        writer.AddExtension(3, [0, 9]);
        writer.WritePayload(new byte[40]);
        byte[] oneByte = buffer.AsSpan(0, writer.Finish(paddingLength: 5)).ToArray();

        return [RtpTestPackets.Minimal(), RtpTestPackets.Full(), RtpTestPackets.TwoByteExtension(), oneByte];
    }
}
