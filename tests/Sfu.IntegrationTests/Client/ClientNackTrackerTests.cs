using Sfu.Client;
using Sfu.Streams;
using Sfu.Wire.Rtcp;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// The client's receiver-side Generic NACK (RFC 4585 section 6.2.1) without sockets: what it asks for, when it asks
/// again, and that the bytes it writes read back as the NACKs the SFU parses.
/// </summary>
public sealed class ClientNackTrackerTests
{
    private const uint Sender = 0x0A0B0C0D;
    private const long Ms = MediaTime.TicksPerMillisecond;
    private static readonly long Retry = 20 * Ms;

    [Fact]
    public void NacksExactlyTheGapsOnceThenAgainAfterTheRetryInterval()
    {
        var tracker = new ClientNackTracker(Retry);
        foreach (ushort sequence in new ushort[] { 100, 101, 103, 104, 108, 125 })
        {
            tracker.OnPacket(0x1111, sequence, 0);
        }

        byte[] buffer = new byte[1200];
        List<(uint Media, List<ushort> Lost)> first = Read(buffer.AsSpan(0, tracker.WriteDueNacks(buffer, Sender, 1 * Ms)));
        ushort[] expected = [102, 105, 106, 107, .. Enumerable.Range(109, 16).Select(n => (ushort)n)];
        Assert.Equal(0x1111u, Assert.Single(first).Media);
        Assert.Equal(expected, first[0].Lost);
        Assert.Equal(1, tracker.NacksWritten);
        Assert.Equal(expected.Length, tracker.SequenceNumbersNacked);

        // Not again within the retry interval; again after it.
        Assert.Equal(0, tracker.WriteDueNacks(buffer, Sender, 10 * Ms));
        tracker.OnPacket(0x1111, 102, 15 * Ms); // a retransmission arrives
        List<(uint Media, List<ushort> Lost)> second = Read(buffer.AsSpan(0, tracker.WriteDueNacks(buffer, Sender, 25 * Ms)));
        Assert.Equal(expected[1..], Assert.Single(second).Lost);
        Assert.Equal(1, tracker.Recovered);
        Assert.Equal(0, tracker.GivenUp);
    }

    [Fact]
    public void NacksAcrossTheSequenceWrapAndPerStreamInOneCompound()
    {
        var tracker = new ClientNackTracker(Retry);
        foreach (ushort sequence in new ushort[] { 65533, 65534, 1 })
        {
            tracker.OnPacket(0x2222, sequence, 0);
        }

        tracker.OnPacket(0x3333, 7, 0);
        tracker.OnPacket(0x3333, 9, 0);
        tracker.OnPacket(0x4444, 1, 0); // no gap: no NACK
        tracker.OnPacket(0x4444, 2, 0);

        byte[] buffer = new byte[1200];
        int length = tracker.WriteDueNacks(buffer, Sender, 1 * Ms);
        Dictionary<uint, List<ushort>> nacks = Read(buffer.AsSpan(0, length)).ToDictionary(n => n.Media, n => n.Lost);
        Assert.Equal(2, nacks.Count);
        Assert.Equal([65535, 0], nacks[0x2222]);
        Assert.Equal([8], nacks[0x3333]);
        Assert.Equal(2 * 16, length); // two reduced-size NACKs of one entry each: 12-byte header + one FCI word
    }

    [Fact]
    public void WritesNothingWithoutGapsOrWhenTheBufferCannotHoldANack()
    {
        var tracker = new ClientNackTracker(Retry);
        Assert.Equal(0, tracker.WriteDueNacks(new byte[1200], Sender, 0));
        tracker.OnPacket(0x5555, 1, 0);
        tracker.OnPacket(0x5555, 3, 0);
        Assert.Equal(0, tracker.WriteDueNacks(new byte[8], Sender, 1 * Ms));
        Assert.Equal(16, tracker.WriteDueNacks(new byte[1200], Sender, 1 * Ms)); // still due: nothing was sent
    }

    private static List<(uint Media, List<ushort> Lost)> Read(ReadOnlySpan<byte> compound)
    {
        var result = new List<(uint, List<ushort>)>();
        var packets = new RtcpCompoundEnumerator(compound);
        while (packets.MoveNext())
        {
            Assert.Equal(RtcpPacketType.TransportFeedback, packets.Current.PacketType);
            Assert.True(GenericNack.TryRead(packets.Current.Data, out GenericNack nack));
            Assert.Equal(Sender, nack.SenderSsrc);
            var lost = new List<ushort>();
            foreach (ushort sequence in nack.LostSequenceNumbers)
            {
                lost.Add(sequence);
            }

            result.Add((nack.MediaSsrc, lost));
        }

        Assert.False(packets.Malformed);
        return result;
    }
}
