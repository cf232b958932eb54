using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

/// <summary>
/// Garbage and damaged datagrams on the handshake path. The parsing is BouncyCastle's; what we assert is our
/// contract around it: no exception escapes except a <see cref="DtlsHandshakeException"/>, nothing hangs, and
/// noise does not stop a real handshake.
/// </summary>
public sealed class DtlsHandshakeRobustnessTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(14);

    [Fact]
    public async Task Random_datagrams_before_the_client_hello_do_not_stop_the_handshake()
    {
        using var pair = new InMemoryDtlsPair();
        Task<DtlsHandshakeResult> server = pair.Server.RunAsync();
        var random = new Random(5764);
        byte[] datagram = new byte[DtlsDatagramChannel.MaxIncomingDatagramSize];

        for (int i = 0; i < 100_000; i++)
        {
            int length = random.Next(1, datagram.Length + 1);
            random.NextBytes(datagram.AsSpan(0, length));
            // Content types 20..24 would get into the record parser proper; keep these outside so the noise is
            // discarded at the header, and exercise the deeper path in the mutation test below.
            if (datagram[0] is >= 20 and <= 24)
            {
                datagram[0] = 0xFF;
            }

            EnqueueWhenRoom(pair.Server.Channel, datagram.AsSpan(0, length));
        }

        Assert.False(server.IsCompleted);
        Task<DtlsHandshakeResult> client = pair.Client.RunAsync();
        DtlsHandshakeResult serverResult = await server.WaitAsync(Guard);
        Assert.Equal(serverResult.KeyingMaterial, (await client.WaitAsync(Guard)).KeyingMaterial);
    }

    [Fact]
    public async Task Mutated_client_hellos_end_each_server_handshake_with_a_handshake_exception()
    {
        byte[] clientHello = await CaptureClientHelloAsync();
        var random = new Random(6347);
        var options = new DtlsHandshakeOptions { Timeout = TimeSpan.FromMilliseconds(300) };
        const int Rounds = 12;
        const int PerRound = 16;

        for (int round = 0; round < Rounds; round++)
        {
            var handshakes = new DtlsHandshake[PerRound];
            var runs = new Task<DtlsHandshakeResult>[PerRound];
            for (int i = 0; i < PerRound; i++)
            {
                var channel = new DtlsDatagramChannel(_ => { });
                handshakes[i] = new DtlsHandshake(DtlsRole.Server, InMemoryDtlsPair.ServerCertificate,
                    InMemoryDtlsPair.ClientCertificate.Sha256Fingerprint, channel, options);
                runs[i] = handshakes[i].RunAsync();
                channel.EnqueueIncoming(Mutate(clientHello, random));
            }

            for (int i = 0; i < PerRound; i++)
            {
                Exception? error = await Record.ExceptionAsync(() => runs[i].WaitAsync(Guard));
                Assert.IsType<DtlsHandshakeException>(error);
                handshakes[i].Dispose();
            }
        }
    }

    [Fact]
    public async Task Random_records_with_valid_headers_end_server_handshakes_only_with_handshake_exceptions()
    {
        // DTLS 1.2 record header (RFC 6347 section 4.1): type, version FE FD, epoch 0, 48-bit sequence, length; the
        // body is random, so BouncyCastle's handshake reassembly and ClientHello parser see the noise.
        var random = new Random(6347_41);
        var options = new DtlsHandshakeOptions { Timeout = TimeSpan.FromSeconds(5) };
        DtlsHandshake server = NewServer(options);
        Task<DtlsHandshakeResult> run = server.RunAsync();
        int ended = 0;
        byte[] record = new byte[600];

        for (int i = 0; i < 20_000; i++)
        {
            int bodyLength = random.Next(0, record.Length - 13);
            random.NextBytes(record);
            record[0] = (byte)random.Next(20, 25);
            record[1] = 0xFE;
            record[2] = 0xFD;
            record[3] = 0;
            record[4] = 0;
            record[11] = (byte)(bodyLength >> 8);
            record[12] = (byte)bodyLength;
            if (i % 2 == 0 && bodyLength > 12)
            {
                // Half carry a complete, unfragmented ClientHello handshake header (RFC 6347 4.2.2) with message_seq
                // 0, so the random body reaches BouncyCastle's ClientHello parser instead of being buffered.
                int messageLength = bodyLength - 12;
                record[0] = 22;
                record[13] = 1;
                WriteUInt24(record.AsSpan(14), messageLength);
                record[17] = 0;
                record[18] = 0;
                WriteUInt24(record.AsSpan(19), 0);
                WriteUInt24(record.AsSpan(22), messageLength);
            }

            var spin = new SpinWait();
            while (!server.Channel.EnqueueIncoming(record.AsSpan(0, 13 + bodyLength)))
            {
                if (server.Channel.IsClosed)
                {
                    // The noise ended this handshake: it must say so with a DtlsHandshakeException.
                    Assert.IsType<DtlsHandshakeException>(await Record.ExceptionAsync(() => run.WaitAsync(Guard)));
                    server.Dispose();
                    ended++;
                    server = NewServer(options);
                    run = server.RunAsync();
                }
                else
                {
                    spin.SpinOnce();
                }
            }
        }

        server.Close();
        Assert.IsType<DtlsHandshakeException>(await Record.ExceptionAsync(() => run.WaitAsync(Guard)));
        Assert.True(ended > 0, $"ended {ended}");
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }

    private static DtlsHandshake NewServer(DtlsHandshakeOptions options) =>
        new(DtlsRole.Server, InMemoryDtlsPair.ServerCertificate, InMemoryDtlsPair.ClientCertificate.Sha256Fingerprint,
            new DtlsDatagramChannel(_ => { }), options);

    private static byte[] Mutate(byte[] valid, Random random)
    {
        byte[] copy = (byte[])valid.Clone();
        int flips = random.Next(1, 5);
        for (int i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        // Sometimes cut it short, the way a truncated datagram would arrive.
        return random.Next(4) == 0 ? copy[..random.Next(1, copy.Length)] : copy;
    }

    private static async Task<byte[]> CaptureClientHelloAsync()
    {
        var first = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var channel = new DtlsDatagramChannel(datagram => first.TrySetResult(datagram.ToArray()));
        using var client = new DtlsHandshake(DtlsRole.Client, InMemoryDtlsPair.ClientCertificate,
            InMemoryDtlsPair.ServerCertificate.Sha256Fingerprint, channel);
        _ = client.RunAsync().ContinueWith(static t => t.Exception, TaskScheduler.Default);
        byte[] hello = await first.Task.WaitAsync(Guard);
        Assert.Equal(22, hello[0]); // handshake record
        Assert.Equal(1, hello[13]); // ClientHello
        return hello;
    }

    private static void EnqueueWhenRoom(DtlsDatagramChannel channel, ReadOnlySpan<byte> datagram)
    {
        var spin = new SpinWait();
        while (channel.PendingDatagrams >= DtlsDatagramChannel.DefaultCapacity)
        {
            spin.SpinOnce();
        }

        Assert.True(channel.EnqueueIncoming(datagram));
    }
}
