using Sfu.Tests.Wire.Rtp;
using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Wire.Rtcp;

/// <summary>
/// Random and mutated inputs for the compound enumerator and every RTCP reader: no exception, no
/// hang, and whatever a reader accepts can be walked completely within the input.
/// </summary>
public class RtcpFuzzTests
{
    private static readonly byte[][] Samples = BuildSamples();

    [Fact]
    public void RandomBytes() => FuzzInputs.RunRandom(seed: 4585, maxLength: 160, Check);

    [Fact]
    public void MutatedValidPackets() => FuzzInputs.RunMutated(seed: 5104, Samples, Check);

    private static void Check(ReadOnlySpan<byte> input)
    {
        var packets = new RtcpCompoundEnumerator(input);
        int total = 0;
        foreach (RtcpPacket packet in packets)
        {
            Assert.Equal(packet.Header.PacketLength, packet.Data.Length);
            total += packet.Data.Length;
            ExerciseReaders(packet.Data);
        }

        Assert.True(total <= input.Length);
        if (!packets.Malformed)
        {
            Assert.Equal(input.Length, total);
        }

        // Readers must also cope with raw input that the enumerator never vetted.
        ExerciseReaders(input);
    }

    private static void ExerciseReaders(ReadOnlySpan<byte> data)
    {
        if (SenderReport.TryRead(data, out SenderReport sr))
        {
            foreach (ReportBlock block in sr.ReportBlocks)
            {
                _ = block.CumulativeLost;
            }

            Assert.True(sr.ProfileExtension.Length >= 0);
        }

        if (ReceiverReport.TryRead(data, out ReceiverReport rr))
        {
            foreach (ReportBlock block in rr.ReportBlocks)
            {
                _ = block.Jitter;
            }
        }

        if (SdesPacket.TryRead(data, out SdesPacket sdes))
        {
            int chunks = 0;
            foreach (SdesChunk chunk in sdes)
            {
                chunks++;
                foreach (SdesItem item in chunk.Items)
                {
                    Assert.True(item.Value.Length <= 255);
                }

                chunk.TryGetCname(out _);
            }

            Assert.Equal(sdes.ChunkCount, chunks);
        }

        if (ByePacket.TryRead(data, out ByePacket bye))
        {
            for (int i = 0; i < bye.SourceCount; i++)
            {
                bye.GetSource(i);
            }
        }

        if (GenericNack.TryRead(data, out GenericNack nack))
        {
            int lost = 0;
            foreach (ushort sequenceNumber in nack.LostSequenceNumbers)
            {
                lost++;
            }

            Assert.InRange(lost, nack.ItemCount, nack.ItemCount * 17);
        }

        PictureLossIndication.TryRead(data, out _);
        if (FullIntraRequest.TryRead(data, out FullIntraRequest fir))
        {
            for (int i = 0; i < fir.EntryCount; i++)
            {
                fir.GetEntry(i);
            }
        }

        if (Remb.TryRead(data, out Remb remb))
        {
            for (int i = 0; i < remb.SsrcCount; i++)
            {
                remb.GetSsrc(i);
            }
        }

        if (TransportCcFeedback.TryRead(data, out TransportCcFeedback feedback))
        {
            int count = 0;
            foreach (TransportCcPacketStatus packet in feedback)
            {
                count++;
            }

            Assert.Equal(feedback.PacketStatusCount, count);
        }
    }

    private static byte[][] BuildSamples()
    {
        byte[] buffer = new byte[1024];
        int nack = GenericNack.Write(buffer, 1, 2, [10, 11, 13, 40, 65535, 0]);
        byte[] nackBytes = buffer.AsSpan(0, nack).ToArray();
        int fir = FullIntraRequest.Write(buffer, 1, [new FirEntry(5, 1), new FirEntry(6, 2)]);
        byte[] firBytes = buffer.AsSpan(0, fir).ToArray();
        int bye = ByePacket.Write(buffer, [1, 2, 3], "bye"u8);
        byte[] byeBytes = buffer.AsSpan(0, bye).ToArray();
        var tcc = new TransportCcPacket[30];
        for (int i = 0; i < tcc.Length; i++)
        {
            tcc[i] = new TransportCcPacket((ushort)(65520 + (i * 2)), i % 3 != 0, i % 5 == 0 ? -100 : 20);
        }

        int tccLength = TransportCcFeedbackWriter.Write(buffer, 1, 2, 77, 3, tcc);
        byte[] tccBytes = buffer.AsSpan(0, tccLength).ToArray();

        return
        [
            RtcpTestPackets.CapturedDump,
            RtcpTestPackets.ChromeRrRemb(),
            RtcpTestPackets.SenderReportWithSdes,
            RtcpTestPackets.CapturedTransportCc,
            nackBytes,
            firBytes,
            byeBytes,
            tccBytes,
            [.. RtcpTestPackets.ChromeReceiverReport, .. nackBytes, .. tccBytes],
        ];
    }
}
