using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LoadGen.Remote;
using Sfu.Diagnostics;
using Sfu.Transport.Batching;

namespace LoadGen;

/// <summary>
/// The floor under the SFU's CPU per forwarded packet: one thread sends 1,200-byte datagrams to <c>--fanout</c>
/// loopback receivers (one thread each, blocking in recv like the clients), <c>--fanout</c> per pass as a forwarded
/// packet's fan-out would be, through the same <see cref="SendBatch"/> the media worker uses (sendmmsg, GSO), then
/// again one SendTo per datagram. No SRTP, no routing: what is left is the kernel's cost of sending and delivering.
/// </summary>
internal static class RawUdpRun
{
    private const int DatagramBytes = 1200;

    public static int Run(RemoteOptions options, TextWriter output)
    {
        output.WriteLine($"raw UDP floor: {options.Rate:N0} datagrams/s of {DatagramBytes} B, {options.Fanout} loopback receivers, {options.Seconds} s per path");
        output.WriteLine("| path | datagrams sent | received | loss | sender thread CPU | CPU per datagram | system calls |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (bool batched in new[] { true, false })
        {
            RunPath(options, batched, output);
        }

        return 0;
    }

    private static void RunPath(RemoteOptions options, bool batched, TextWriter output)
    {
        var receivers = new Socket[options.Fanout];
        var addresses = new SocketAddress[options.Fanout];
        long received = 0;
        using var stop = new CancellationTokenSource();
        var threads = new List<Thread>();
        for (int i = 0; i < receivers.Length; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20, ReceiveTimeout = 200 };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            receivers[i] = socket;
            addresses[i] = socket.LocalEndPoint!.Serialize();
            var thread = new Thread(() =>
            {
                byte[] buffer = new byte[2048];
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        socket.Receive(buffer);
                        Interlocked.Increment(ref received);
                    }
                    catch (SocketException)
                    {
                        // the receive timeout: look at the stop flag again
                    }
                }
            })
            { IsBackground = true, Name = "raw-rx-" + i };
            thread.Start();
            threads.Add(thread);
        }

        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 8 << 20 };
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var batch = new SendBatch(sender, useSystemBatching: batched);
        byte[] datagram = new byte[DatagramBytes];
        Random.Shared.NextBytes(datagram);
        long passes = (long)options.Rate * options.Seconds / options.Fanout;
        double passesPerTick = (double)options.Rate / options.Fanout / Stopwatch.Frequency;
        TimeSpan cpu = TimeSpan.Zero;
        var send = new Thread(() =>
        {
            TimeSpan? start = ThreadCpuClock.Now();
            long begin = Stopwatch.GetTimestamp();
            for (long pass = 0; pass < passes;)
            {
                long due = Math.Min(passes, (long)((Stopwatch.GetTimestamp() - begin) * passesPerTick) + 1);
                for (; pass < due; pass++)
                {
                    for (int r = 0; r < addresses.Length; r++)
                    {
                        batch.Add(datagram, addresses[r]);
                    }

                    batch.Flush();
                }

                Thread.Sleep(1);
            }

            cpu = (ThreadCpuClock.Now() - start) ?? TimeSpan.Zero;
        })
        { Name = "raw-tx" };
        send.Start();
        send.Join();
        Thread.Sleep(500);
        stop.Cancel();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        foreach (Socket socket in receivers)
        {
            socket.Dispose();
        }

        long sent = batch.DatagramsSent;
        long got = Interlocked.Read(ref received);
        string path = batched ? (batch.UsesGso ? "sendmmsg (+GSO)" : batch.UsesSendMmsg ? "sendmmsg" : "portable") : "one sendto each";
        output.WriteLine($"| {path} | {sent:N0} | {got:N0} | {(sent - got) * 100.0 / Math.Max(1, sent):0.000} % | {cpu.TotalSeconds:0.00} s | " +
            $"{cpu.TotalMicroseconds / Math.Max(1, sent):0.00} us | {batch.SystemCalls:N0} |");
    }
}
