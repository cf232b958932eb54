using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

public sealed class DtlsDatagramChannelTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public void Received_datagrams_come_out_in_order_with_their_bytes()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        channel.EnqueueIncoming([1, 2, 3]);
        channel.EnqueueIncoming([4, 5]);
        byte[] buffer = new byte[1500];

        Assert.Equal(3, channel.Receive(buffer, 10, 1490, 0));
        Assert.Equal(new byte[] { 1, 2, 3 }, buffer[10..13]);
        Assert.Equal(2, channel.Receive(buffer, 0, 1500, 100));
        Assert.Equal(new byte[] { 4, 5 }, buffer[..2]);
        Assert.Equal(0, channel.PendingDatagrams);
    }

    [Fact]
    public void Receive_returns_minus_one_when_nothing_arrives()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        byte[] buffer = new byte[1500];

        Assert.Equal(-1, channel.Receive(buffer, 0, buffer.Length, 0));
        Assert.Equal(-1, channel.Receive(buffer, 0, buffer.Length, 20));
    }

    [Fact]
    public async Task Receive_wakes_when_a_datagram_arrives()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        byte[] buffer = new byte[1500];
        Task<int> receive = Task.Factory.StartNew(() => channel.Receive(buffer, 0, buffer.Length, 30_000), TaskCreationOptions.LongRunning);

        channel.EnqueueIncoming([9, 9, 9, 9]);

        Assert.Equal(4, await receive.WaitAsync(Guard));
    }

    [Fact]
    public void A_datagram_longer_than_the_buffer_is_truncated()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        channel.EnqueueIncoming(new byte[100]);

        Assert.Equal(40, channel.Receive(new byte[40], 0, 40, 0));
    }

    [Fact]
    public void Full_queue_drops_and_counts()
    {
        var channel = new DtlsDatagramChannel(_ => { }, capacity: 4);
        int accepted = 0;
        for (int i = 0; i < 6; i++)
        {
            accepted += channel.EnqueueIncoming([(byte)i]) ? 1 : 0;
        }

        Assert.Equal(4, accepted);
        Assert.Equal(2, channel.DroppedDatagrams);
        Assert.Equal(4, channel.PendingDatagrams);
        byte[] buffer = new byte[8];
        channel.Receive(buffer, 0, 8, 0);
        Assert.Equal(0, buffer[0]); // the oldest stays, the newest are dropped
    }

    [Fact]
    public void Empty_and_oversized_datagrams_are_dropped()
    {
        var channel = new DtlsDatagramChannel(_ => { });

        Assert.False(channel.EnqueueIncoming([]));
        Assert.False(channel.EnqueueIncoming(new byte[DtlsDatagramChannel.MaxIncomingDatagramSize + 1]));
        Assert.True(channel.EnqueueIncoming(new byte[DtlsDatagramChannel.MaxIncomingDatagramSize]));
        Assert.Equal(2, channel.DroppedDatagrams);
    }

    [Fact]
    public void Send_hands_exactly_the_given_slice_to_the_delegate()
    {
        var sent = new List<byte[]>();
        var channel = new DtlsDatagramChannel(datagram => sent.Add(datagram.ToArray()));

        channel.Send([0, 1, 2, 3, 4, 5], 2, 3);

        Assert.Single(sent);
        Assert.Equal(new byte[] { 2, 3, 4 }, sent[0]);
        Assert.Equal(1, channel.SentDatagrams);
    }

    [Fact]
    public void Limits_report_the_mtu_and_the_largest_accepted_datagram()
    {
        var channel = new DtlsDatagramChannel(_ => { }, mtu: 1100);

        Assert.Equal(1100, channel.GetSendLimit());
        Assert.Equal(DtlsDatagramChannel.MaxIncomingDatagramSize, channel.GetReceiveLimit());
        Assert.Throws<IOException>(() => channel.Send(new byte[1101], 0, 1101));
    }

    [Fact]
    public async Task Close_unblocks_a_waiting_receive()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        var waiting = new ManualResetEventSlim();
        Task<int> receive = Task.Factory.StartNew(() =>
        {
            waiting.Set();
            return channel.Receive(new byte[16], 0, 16, 60_000);
        }, TaskCreationOptions.LongRunning);
        waiting.Wait(Guard);

        channel.Close();

        await Assert.ThrowsAsync<IOException>(() => receive.WaitAsync(Guard));
    }

    [Fact]
    public void Closed_channel_refuses_input_and_stops_sending()
    {
        int sent = 0;
        var channel = new DtlsDatagramChannel(_ => sent++);
        channel.EnqueueIncoming([1]);

        channel.Close();
        channel.Close();

        Assert.True(channel.IsClosed);
        Assert.Equal(0, channel.PendingDatagrams);
        Assert.False(channel.EnqueueIncoming([2]));
        channel.Send([1, 2], 0, 2);
        Assert.Equal(0, sent);
        Assert.Throws<IOException>(() => channel.Receive(new byte[4], 0, 4, 0));
    }

    [Fact]
    public void Queued_callback_runs_after_each_accepted_datagram()
    {
        var channel = new DtlsDatagramChannel(_ => { }, capacity: 1);
        int calls = 0;
        channel.DatagramQueued = () => calls++;

        channel.EnqueueIncoming([1]);
        channel.EnqueueIncoming([2]); // dropped: no callback

        Assert.Equal(1, calls);
    }
}
