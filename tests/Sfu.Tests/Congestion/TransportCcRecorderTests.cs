using Sfu.Congestion;
using Sfu.Wire.Rtcp;

namespace Sfu.Tests.Congestion;

/// <summary>
/// The receive side of transport-wide CC: arrivals recorded by transport sequence number, then written as feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1) and checked by reading it back.
/// </summary>
public class TransportCcRecorderTests
{
    private const uint SenderSsrc = 0x11111111;
    private const uint MediaSsrc = 0x22222222;

    /// <summary>.NET ticks of one receive-delta tick (250 µs).</summary>
    private const long DeltaTick = TimeSpan.TicksPerMillisecond / 4;

    /// <summary>
    /// A transport-cc packet a WebRTC receiver sent (sender SSRC 1, as libwebrtc's receive-only RTCP uses), from the
    /// Wireshark dissection kept in the public repository olivermichel/webrtc-analysis (test/include/data.h,
    /// <c>twcc_pkt1</c>): nine packets received 7, 3, 11, 14, 0, 1, 0, 2 and 6 ms apart, one run-length chunk, one
    /// byte of RTCP padding. Fed the same arrivals, the recorder must produce the same 32 bytes.
    /// </summary>
    private static readonly byte[] CapturedFeedback =
    [
        0xAF, 0xCD, 0x00, 0x07, // V=2, P=1, FMT=15; PT=205; length 7 -> 32 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender 1
        0xDD, 0x58, 0x6E, 0xB6, // SSRC of media source
        0x00, 0x01, 0x00, 0x09, // base sequence number 1, packet status count 9
        0x5E, 0x91, 0x10,       // reference time 6197520 (x 64 ms)
        0x00,                   // feedback packet count 0
        0x20, 0x09,             // run length chunk: 9 x received, small delta
        0x1C, 0x0C, 0x2C, 0x38, 0x00, 0x04, 0x00, 0x08, 0x18, // deltas (x 250 us)
        0x01,                   // RTCP padding: 1 byte
    ];

    [Fact]
    public void Reproduces_a_captured_feedback_packet_byte_for_byte()
    {
        var recorder = new TransportCcRecorder();
        long at = 6197520L * 256 * DeltaTick;
        int[] deltas = [0x1C, 0x0C, 0x2C, 0x38, 0x00, 0x04, 0x00, 0x08, 0x18];
        for (int i = 0; i < deltas.Length; i++)
        {
            at += deltas[i] * DeltaTick;
            recorder.OnPacket((ushort)(i + 1), at + (DeltaTick / 2)); // within the tick: floors to the same value
        }

        byte[] buffer = new byte[1500];
        int length = recorder.WriteFeedback(buffer, 1, 0xDD586EB6);
        Assert.Equal(CapturedFeedback, buffer[..length]);
        Assert.False(recorder.HasPending);
        Assert.Equal(0, recorder.WriteFeedback(buffer, 1, 0xDD586EB6));
    }

    [Fact]
    public void A_run_of_221_lost_packets_is_the_drafts_run_length_example()
    {
        // Section 3.1.3 example 1: 0 | 00 | 0000011011101, a run of 221 "packet not received".
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(1000, Ms(0));
        Assert.NotEqual(0, recorder.WriteFeedback(new byte[1500], SenderSsrc, MediaSsrc));
        recorder.OnPacket(1222, Ms(30));
        byte[] feedback = Write(recorder);
        Assert.Equal([0x00, 0xDD, 0x20, 0x01], feedback[20..24]); // then a run of one received, small delta
        Assert.Equal(Expected((1001, 221, null), (1222, 1, 30)), ReadBack(feedback));
    }

    [Fact]
    public void Mixed_losses_are_the_drafts_one_bit_status_vector_example()
    {
        // Section 3.1.4 example 1: 1 | 0 | 00111110001110: lost, 5 received, 3 lost, 3 received, 2 lost.
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(99, Ms(0));
        Write(recorder);
        int[] received = [101, 102, 103, 104, 105, 109, 110, 111, 114];
        for (int i = 0; i < received.Length; i++)
        {
            recorder.OnPacket((ushort)received[i], Ms(1 + i));
        }

        byte[] feedback = Write(recorder);
        Assert.Equal(100, BaseOf(feedback));
        Assert.Equal([0x9F, 0x1C, 0x20, 0x01], feedback[20..24]); // then the 15th status, received, as a run of one
    }

    public static TheoryData<string, (int Seq, double Ms)[], (int Seq, double? Ms)[]> Arrivals => new()
    {
        {
            "in order, 1 ms apart",
            [(10, 5), (11, 6), (12, 7)],
            [(10, 5), (11, 6), (12, 7)]
        },
        {
            "a lost packet is reported as not received",
            [(10, 5), (11, 6), (13, 8)],
            [(10, 5), (11, 6), (12, null), (13, 8)]
        },
        {
            "reordering: 12 arrives before 11, its successor gets a negative (large) delta",
            [(10, 5), (12, 6), (11, 7), (13, 8)],
            [(10, 5), (11, 7), (12, 6), (13, 8)]
        },
        {
            "a gap over 63.75 ms needs a large delta",
            [(10, 5), (11, 105), (12, 106)],
            [(10, 5), (11, 105), (12, 106)]
        },
        {
            "across the 16-bit wrap, with a loss on it",
            [(65534, 2), (0, 4), (1, 4.25)],
            [(65534, 2), (65535, null), (0, 4), (1, 4.25)]
        },
        {
            "a duplicate keeps its first arrival",
            [(10, 5), (10, 9), (11, 10)],
            [(10, 5), (11, 10)]
        },
    };

    [Theory]
    [MemberData(nameof(Arrivals))]
    public void Feedback_acknowledges_exactly_what_arrived(string why, (int Seq, double Ms)[] arrivals, (int Seq, double? Ms)[] expected)
    {
        var recorder = new TransportCcRecorder();
        foreach ((int seq, double ms) in arrivals)
        {
            recorder.OnPacket((ushort)seq, Ms(ms));
        }

        byte[] feedback = Write(recorder);
        Assert.True(TransportCcFeedback.TryRead(feedback, out TransportCcFeedback read), why);
        Assert.Equal((SenderSsrc, MediaSsrc, (byte)0), (read.SenderSsrc, read.MediaSsrc, read.FeedbackPacketCount));
        Assert.Equal(expected, ReadBack(feedback));
        Assert.False(recorder.HasPending);
    }

    [Fact]
    public void More_packets_than_one_message_holds_go_out_in_several_consecutive_messages()
    {
        var recorder = new TransportCcRecorder();
        const int count = (2 * TransportCcRecorder.MaxStatusesPerFeedback) + 50;
        for (int i = 0; i < count; i++)
        {
            if (i % 7 != 3)
            {
                recorder.OnPacket((ushort)(65000 + i), Ms(i * 0.5));
            }
        }

        var all = new List<(int Seq, double? Ms)>();
        for (int message = 0; message < 3; message++)
        {
            byte[] feedback = Write(recorder);
            Assert.True(TransportCcFeedback.TryRead(feedback, out TransportCcFeedback read));
            Assert.Equal((byte)message, read.FeedbackPacketCount);
            Assert.Equal((ushort)(65000 + (message * TransportCcRecorder.MaxStatusesPerFeedback)), read.BaseSequenceNumber);
            all.AddRange(ReadBack(feedback));
        }

        Assert.False(recorder.HasPending);
        Assert.Equal(count, all.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(((ushort)(65000 + i), i % 7 == 3 ? null : i * 0.5), ((ushort)all[i].Seq, all[i].Ms));
        }
    }

    [Fact]
    public void A_pause_longer_than_a_16_bit_delta_starts_a_new_message()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(1, Ms(10));
        recorder.OnPacket(2, Ms(10_000)); // 9.99 s later: beyond 32,767 x 250 us
        Assert.Equal(Expected((1, 1, 10)), ReadBack(Write(recorder)));
        Assert.True(recorder.HasPending);
        Assert.Equal(Expected((2, 1, 10_000)), ReadBack(Write(recorder)));
    }

    [Fact]
    public void A_packet_arriving_after_it_was_reported_is_not_reported_again()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(10, Ms(1));
        recorder.OnPacket(12, Ms(2));
        Write(recorder);
        recorder.OnPacket(11, Ms(3));
        Assert.False(recorder.HasPending);
        Assert.Equal(1, recorder.PacketsIgnored);
        recorder.OnPacket(13, Ms(4));
        Assert.Equal(Expected((13, 1, 4)), ReadBack(Write(recorder)));
    }

    [Fact]
    public void Recording_and_writing_do_not_allocate()
    {
        var recorder = new TransportCcRecorder();
        byte[] buffer = new byte[1500];
        recorder.OnPacket(0, Ms(0));
        recorder.WriteFeedback(buffer, SenderSsrc, MediaSsrc);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < 5000; i++)
        {
            recorder.OnPacket((ushort)i, Ms(i));
            if (i % 50 == 0)
            {
                recorder.WriteFeedback(buffer, SenderSsrc, MediaSsrc);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static long Ms(double milliseconds) => (long)(milliseconds * TimeSpan.TicksPerMillisecond);

    private static byte[] Write(TransportCcRecorder recorder)
    {
        byte[] buffer = new byte[1500];
        int length = recorder.WriteFeedback(buffer, SenderSsrc, MediaSsrc);
        Assert.True(length > 0);
        return buffer[..length];
    }

    private static int BaseOf(byte[] feedback)
    {
        Assert.True(TransportCcFeedback.TryRead(feedback, out TransportCcFeedback read));
        return read.BaseSequenceNumber;
    }

    /// <summary>Each reported sequence number with its arrival in ms (null: not received), from the reader's view.</summary>
    internal static List<(int Seq, double? Ms)> ReadBack(byte[] feedback)
    {
        Assert.True(TransportCcFeedback.TryRead(feedback, out TransportCcFeedback read));
        var result = new List<(int Seq, double? Ms)>();
        foreach (TransportCcPacketStatus packet in read)
        {
            result.Add((packet.SequenceNumber, packet.Received ? packet.ArrivalTicks / 4.0 : null));
        }

        return result;
    }

    private static List<(int Seq, double? Ms)> Expected(params (int First, int Count, double? Ms)[] runs)
    {
        var result = new List<(int Seq, double? Ms)>();
        foreach ((int first, int count, double? ms) in runs)
        {
            for (int i = 0; i < count; i++)
            {
                result.Add(((ushort)(first + i), ms));
            }
        }

        return result;
    }
}
