using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Wire.Rtcp;

public class TransportCcFeedbackTests
{
    [Fact]
    public void DecodesTheDraftChunkExamples()
    {
        // Section 3.1.3 example 1: 0 | 00 | 0000011011101 = a run of 221 packets not received.
        Assert.Equal(221, TransportCcFeedback.GetChunkCapacity(0x00DD));
        Assert.Equal(0, TransportCcFeedback.GetSymbol(0x00DD, 220));

        // Section 3.1.4 example 1: 1 | 0 | 00111110001110, fourteen one-bit symbols.
        int[] expected = [0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0];
        Assert.Equal(14, TransportCcFeedback.GetChunkCapacity(0x9F1C));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], TransportCcFeedback.GetSymbol(0x9F1C, i));
        }
    }

    [Fact]
    public void ReadsCapturedFeedback()
    {
        Assert.True(TransportCcFeedback.TryRead(RtcpTestPackets.CapturedTransportCc, out TransportCcFeedback feedback));
        Assert.Equal(0x9B74F61Fu, feedback.SenderSsrc);
        Assert.Equal(0x9371DCBCu, feedback.MediaSsrc);
        Assert.Equal(34108, feedback.BaseSequenceNumber);
        Assert.Equal(9, feedback.PacketStatusCount);
        Assert.Equal(6551830u, feedback.ReferenceTime);
        Assert.Equal(179, feedback.FeedbackPacketCount);

        var read = new List<(int Seq, TransportCcStatus Status, int Delta, long Arrival)>();
        foreach (TransportCcPacketStatus packet in feedback)
        {
            read.Add((packet.SequenceNumber, packet.Status, packet.DeltaTicks, packet.ArrivalTicks));
        }

        const long reference = 6551830L * 256;
        Assert.Equal(
            [
                (34108, TransportCcStatus.ReceivedSmallDelta, 155, reference + 155),
                (34109, TransportCcStatus.ReceivedSmallDelta, 170, reference + 325),
                (34110, TransportCcStatus.ReceivedSmallDelta, 106, reference + 431),
                (34111, TransportCcStatus.ReceivedSmallDelta, 170, reference + 601),
                (34112, TransportCcStatus.ReceivedSmallDelta, 123, reference + 724),
                (34113, TransportCcStatus.NotReceived, 0, 0),
                (34114, TransportCcStatus.ReceivedLargeDelta, 265, reference + 989),
                (34115, TransportCcStatus.NotReceived, 0, 0),
                (34116, TransportCcStatus.NotReceived, 0, 0),
            ],
            read);
    }

    // Hand-built: four packets across the sequence-number wrap, one lost, one reordered (negative delta).
    private static readonly byte[] MixedAcrossWrap =
    [
        0xAF, 0xCD, 0x00, 0x06, // V=2, P=1, FMT=15; PT=205; length 6 -> 28 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x00, 0x00, 0x00, 0x02, // SSRC of media source
        0xFF, 0xFE, 0x00, 0x04, // base sequence number 65534, 4 statuses
        0x12, 0x34, 0x56,       // reference time 0x123456
        0x05,                   // feedback packet count 5
        0xD2, 0x40,             // two-bit vector: 01 00 10 01 (00 00 00): small, lost, large, small
        0x04,                   // 65534: +1 ms (4 x 250 us)
        0xFF, 0xFC,             // 0: -1 ms, needs the large (signed) form
        0x08,                   // 1: +2 ms
        0x00, 0x02,             // RTCP padding: 2 bytes
    ];

    private static readonly TransportCcPacket[] MixedAcrossWrapPackets =
    [
        new(65534, true, 4),
        new(0, true, -4),   // 65535 is missing from the list: reported as not received
        new(1, true, 8),
    ];

    [Fact]
    public void WritesMixedStatusesAcrossTheWrap()
    {
        byte[] buffer = new byte[64];
        int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 0x123456, 5, MixedAcrossWrapPackets);
        Assert.Equal(MixedAcrossWrap, buffer.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void ReadsMixedStatusesAcrossTheWrap()
    {
        Assert.True(TransportCcFeedback.TryRead(MixedAcrossWrap, out TransportCcFeedback feedback));
        var statuses = new List<(int, bool, int)>();
        foreach (TransportCcPacketStatus packet in feedback)
        {
            statuses.Add((packet.SequenceNumber, packet.Received, packet.DeltaTicks));
        }

        Assert.Equal([(65534, true, 4), (65535, false, 0), (0, true, -4), (1, true, 8)], statuses);
    }

    [Fact]
    public void UsesARunLengthChunkForARunOfOneSymbol()
    {
        var packets = new TransportCcPacket[20];
        for (int i = 0; i < packets.Length; i++)
        {
            packets[i] = new TransportCcPacket((ushort)(100 + i), true, 1);
        }

        byte[] buffer = new byte[128];
        int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, packets);
        Assert.Equal(44, length); // 20 + one chunk (2) + 20 deltas = 42, padded to 44
        Assert.Equal(new byte[] { 0x20, 0x14 }, buffer.AsSpan(20, 2).ToArray()); // 0 | 01 | run 20
        Assert.Equal(0xAF, buffer[0]);
        Assert.Equal(2, buffer[43]);
    }

    [Fact]
    public void UsesAOneBitVectorForFourteenSmallOrLost()
    {
        bool[] received = [true, true, false, true, false, false, true, true, true, true, true, true, true, false];
        var packets = new TransportCcPacket[received.Length];
        for (int i = 0; i < received.Length; i++)
        {
            packets[i] = new TransportCcPacket((ushort)i, received[i], 2);
        }

        byte[] buffer = new byte[64];
        int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, packets);
        // 1 | 0 | 11010011111110
        Assert.Equal(new byte[] { 0xB4, 0xFE }, buffer.AsSpan(20, 2).ToArray());
        Assert.Equal(20 + 2 + 9 + 1, length); // 9 small deltas, 1 padding byte
    }

    [Fact]
    public void EndsARunWhenADifferentSymbolArrives()
    {
        // Ten small, then one large: a run of 10 small, then a run of 1 large.
        var packets = new TransportCcPacket[11];
        for (int i = 0; i < 10; i++)
        {
            packets[i] = new TransportCcPacket((ushort)i, true, 1);
        }

        packets[10] = new TransportCcPacket(10, true, 1000);
        byte[] buffer = new byte[64];
        int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, packets);
        Assert.Equal(new byte[] { 0x20, 0x0A, 0x40, 0x01 }, buffer.AsSpan(20, 4).ToArray());
        Assert.Equal(20 + 4 + 10 + 2, length);
        AssertRoundTrip(packets, buffer.AsSpan(0, length));
    }

    [Fact]
    public void SplitsMixedSymbolsIntoTwoBitVectorsWhenALargeDeltaArrives()
    {
        // Ten alternating small/lost, then one large: the first 7 as a two-bit vector, the
        // remaining 3 plus the large one as a second two-bit vector.
        var packets = new TransportCcPacket[11];
        for (int i = 0; i < 10; i++)
        {
            packets[i] = new TransportCcPacket((ushort)i, i % 2 == 0, 1);
        }

        packets[10] = new TransportCcPacket(10, true, 1000);
        byte[] buffer = new byte[64];
        int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, packets);
        // 11 | 01 00 01 00 01 00 01, then 11 | 00 01 00 10 00 00 00
        Assert.Equal(new byte[] { 0xD1, 0x11, 0xC4, 0x80 }, buffer.AsSpan(20, 4).ToArray());
        Assert.Equal(20 + 4 + 5 + 2 + 1, length); // 5 small deltas, 1 large, 1 padding byte
        AssertRoundTrip(packets, buffer.AsSpan(0, length));
    }

    [Fact]
    public void SplitsRunsLongerThanTheThirteenBitLimit()
    {
        // 9000 not received (a gap) between two received packets.
        TransportCcPacket[] packets = [new(0, true, 0), new(9001, true, 0)];
        byte[] buffer = new byte[64];
        int length = TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, packets);
        Assert.True(TransportCcFeedback.TryRead(buffer.AsSpan(0, length), out TransportCcFeedback feedback));
        Assert.Equal(9002, feedback.PacketStatusCount);
        int received = 0;
        int total = 0;
        foreach (TransportCcPacketStatus packet in feedback)
        {
            received += packet.Received ? 1 : 0;
            total++;
        }

        Assert.Equal(2, received);
        Assert.Equal(9002, total);
    }

    [Fact]
    public void RoundTripsRandomFeedback()
    {
        var random = new Random(15);
        byte[] buffer = new byte[16384];
        for (int round = 0; round < 500; round++)
        {
            int count = 1 + random.Next(random.Next(2) == 0 ? 20 : 400);
            var packets = new TransportCcPacket[count];
            ushort sequenceNumber = (ushort)random.Next(65536);
            for (int i = 0; i < count; i++)
            {
                int delta = random.Next(4) switch
                {
                    0 => random.Next(-32768, 32768),
                    1 => random.Next(-5, 5),
                    _ => random.Next(0, 256),
                };
                packets[i] = new TransportCcPacket(sequenceNumber, random.Next(5) != 0, delta);
                sequenceNumber += (ushort)(random.Next(6) == 0 ? 1 + random.Next(30) : 1);
            }

            int length = TransportCcFeedbackWriter.Write(buffer, 7, 8, (uint)random.Next(1 << 24), (byte)round, packets);
            Assert.NotEqual(0, length);
            Assert.Equal(0, length % 4);
            AssertRoundTrip(packets, buffer.AsSpan(0, length));
        }
    }

    [Fact]
    public void AcceptsAnEmptyReport()
    {
        byte[] packet = [0x8F, 0xCD, 0x00, 0x04, 0x9A, 0xCB, 0x04, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.True(TransportCcFeedback.TryRead(packet, out TransportCcFeedback feedback));
        Assert.Equal(0, feedback.PacketStatusCount);
        foreach (TransportCcPacketStatus packet2 in feedback)
        {
            Assert.Fail("no packets expected");
        }
    }

    public static TheoryData<string, byte[]> Invalid => new()
    {
        // Status count 2, one run chunk of 1, then nothing: chunks run out.
        { "chunks run out", [0x8F, 0xCD, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0x20, 0x01, 0x10, 0x00] },
        // Run of 3 small deltas with only 2 delta bytes.
        { "deltas missing", [0x8F, 0xCD, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0x20, 0x03, 0x10, 0x10] },
        // Run-length chunk with the reserved symbol 11.
        { "reserved symbol", [0x8F, 0xCD, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0x60, 0x01, 0x00, 0x00] },
        // Shorter than the fixed part.
        { "truncated", [0x8F, 0xCD, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1] },
        // Wrong FMT (1 = NACK).
        { "not transport-cc", [0x81, 0xCD, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void RejectsMalformed(string because, byte[] packet)
    {
        Assert.False(TransportCcFeedback.TryRead(packet, out _), because);
    }

    [Fact]
    public void WriterRejectsWhatItCannotEncode()
    {
        byte[] buffer = new byte[256];
        Assert.Equal(0, TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, []));
        Assert.Equal(0, TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, [new(5, true, 1), new(5, true, 1)]));  // repeat
        Assert.Equal(0, TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, [new(5, true, 1), new(4, true, 1)]));  // backwards
        Assert.Equal(0, TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, [new(5, true, 40000)]));              // delta too large
        Assert.Equal(0, TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, [new(5, true, -40000)]));
        Assert.Equal(0, TransportCcFeedbackWriter.Write(new byte[23], 1, 2, 0, 0, [new(5, true, 1)]));            // needs 24
        Assert.Equal(24, TransportCcFeedbackWriter.Write(new byte[24], 1, 2, 0, 0, [new(5, true, 1)]));
        Assert.NotEqual(0, TransportCcFeedbackWriter.Write(buffer, 1, 2, 0, 0, [new(5, false, 99999)]));          // lost: delta ignored
    }

    private static void AssertRoundTrip(TransportCcPacket[] packets, ReadOnlySpan<byte> wire)
    {
        Assert.True(TransportCcFeedback.TryRead(wire, out TransportCcFeedback feedback));
        Assert.Equal(packets[0].SequenceNumber, feedback.BaseSequenceNumber);
        var enumerator = feedback.GetEnumerator();
        for (int i = 0; i < packets.Length; i++)
        {
            // Gaps in the input come back as not received.
            while (true)
            {
                Assert.True(enumerator.MoveNext());
                if (enumerator.Current.SequenceNumber == packets[i].SequenceNumber)
                {
                    break;
                }

                Assert.False(enumerator.Current.Received);
            }

            Assert.Equal(packets[i].Received, enumerator.Current.Received);
            Assert.Equal(packets[i].Received ? packets[i].DeltaTicks : 0, enumerator.Current.DeltaTicks);
        }

        Assert.False(enumerator.MoveNext());
    }
}
