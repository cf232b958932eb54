using BenchmarkDotNet.Attributes;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;

namespace Sfu.Bench;

/// <summary>
/// The per-packet wire work of forwarding: parse an RTP header, rewrite seq/ts/ssrc in place, find
/// an extension; and walking a typical RTCP compound. Target: 0 B allocated per operation.
/// </summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private const int TransportCcId = 3;

    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _compound = new byte[256];
    private int _packetLength;
    private int _compoundLength;
    private ushort _sequenceNumber;

    [GlobalSetup]
    public void Setup()
    {
        // A video packet as Chrome sends it: one-byte extensions (abs-send-time, transport-cc), 1,200 bytes of payload.
        var writer = new RtpPacketWriter(_packet);
        writer.WriteHeader(96, 1000, 90000, 0x11223344, marker: false);
        writer.AddExtension(2, [0x12, 0x34, 0x56]);
        writer.AddExtension(TransportCcId, [0x00, 0x01]);
        writer.ReservePayload(1200).Fill(0xAB);
        _packetLength = writer.Finish();

        // RR + REMB + SDES + transport-cc, as a receiver's feedback compound.
        Span<byte> compound = _compound;
        int length = ReceiverReport.Write(compound, 1, [new ReportBlock(2, 0, 0, 1000, 10, 0, 0)]);
        length += Remb.Write(compound.Slice(length), 1, 2_500_000, [2]);
        length += SdesPacket.WriteCname(compound.Slice(length), 1, "mUgBGYb6mR7Rlxgd"u8);
        length += TransportCcFeedbackWriter.Write(compound.Slice(length), 1, 2, 1000, 1,
            [new(100, true, 4), new(101, true, 5), new(102, false, 0), new(103, true, 300)]);
        _compoundLength = length;
    }

    [Benchmark]
    public int ParseHeader()
    {
        RtpHeader.TryRead(_packet.AsSpan(0, _packetLength), out RtpHeader header);
        return header.PayloadLength;
    }

    [Benchmark]
    public uint ParseAndRewrite()
    {
        Span<byte> packet = _packet.AsSpan(0, _packetLength);
        RtpHeader.TryRead(packet, out RtpHeader header);
        RtpHeader.WriteSequenceNumber(packet, _sequenceNumber++);
        RtpHeader.WriteTimestamp(packet, header.Timestamp + 3000);
        RtpHeader.WriteSsrc(packet, 0xCAFEBABE);
        return header.Timestamp;
    }

    [Benchmark]
    public bool ParseAndRewriteTransportCc()
    {
        Span<byte> packet = _packet.AsSpan(0, _packetLength);
        RtpHeader.TryRead(packet, out RtpHeader header);
        return TransportSequenceNumberExtension.TryRewrite(packet, header, TransportCcId, _sequenceNumber++);
    }

    [Benchmark]
    public int RtcpCompoundEnumerate()
    {
        int total = 0;
        foreach (RtcpPacket packet in new RtcpCompoundEnumerator(_compound.AsSpan(0, _compoundLength)))
        {
            total += packet.PacketType;
        }

        return total;
    }

    [Benchmark]
    public int RtcpCompoundReadFeedback()
    {
        int total = 0;
        foreach (RtcpPacket packet in new RtcpCompoundEnumerator(_compound.AsSpan(0, _compoundLength)))
        {
            if (Remb.TryRead(packet.Data, out Remb remb))
            {
                total += (int)(remb.Bitrate >> 10);
            }
            else if (TransportCcFeedback.TryRead(packet.Data, out TransportCcFeedback feedback))
            {
                foreach (TransportCcPacketStatus status in feedback)
                {
                    total += status.DeltaTicks;
                }
            }
        }

        return total;
    }
}
