using Sfu.Client;
using Sfu.Engine;

namespace LoadGen;

/// <summary>Prints what a run sent, forwarded and lost, and the process cost per forwarded packet in the steady-state window.</summary>
internal sealed class LoadReport(TextWriter output)
{
    public void Write(IReadOnlyList<ClientPeer> peers, int participantsPerRoom, in ProcessSnapshot start, in ProcessSnapshot end)
    {
        long sent = 0;
        long owed = 0;
        long sentAudio = 0;
        long received = 0;
        long lost = 0;
        long duplicates = 0;
        long payloadErrors = 0;
        long srtpFailures = 0;
        long sendFailures = 0;
        foreach (ClientPeer peer in peers)
        {
            ClientStats stats = peer.GetStats();
            sent += stats.PacketsSent;
            owed += SimulcastLayerMix.OwedToEachSubscriber(peer, stats);
            sentAudio += peer.AudioTrack is { } audio ? stats.SentBySsrc[audio.Ssrc] : 0;
            received += stats.PacketsReceived - stats.Duplicates;
            lost += stats.Lost;
            duplicates += stats.Duplicates;
            payloadErrors += stats.PayloadErrors;
            srtpFailures += stats.SrtpFailures + stats.SrtpReplays;
            sendFailures += stats.SendFailures;
        }

        // Every participant sent only after all subscriptions were live: each packet is owed to every other room member.
        long expected = owed * (participantsPerRoom - 1);
        double lossPercent = expected == 0 ? 0 : 100.0 * (expected - received) / expected;
        double window = end.SecondsSince(start);
        long forwarded = end.PacketsReceived - start.PacketsReceived;
        double cpuSeconds = (end.CpuTime - start.CpuTime).TotalSeconds;
        long allocated = end.AllocatedBytes - start.AllocatedBytes;

        output.WriteLine($"packets sent by clients:          {sent:N0} (audio {sentAudio:N0}, video {sent - sentAudio:N0}; send failures {sendFailures})");
        output.WriteLine($"packets forwarded by the server:  {received:N0} received by clients (expected {expected:N0})");
        output.WriteLine($"loss:                             {lossPercent:0.000} % (gaps {lost}, duplicates {duplicates}, payload errors {payloadErrors}, SRTP failures {srtpFailures})");
        output.WriteLine($"steady state ({window:0.0} s window, all {peers.Count} peers sending):");
        output.WriteLine($"  forwarded packets/s:            {forwarded / window:N0}");
        output.WriteLine($"  process CPU:                    {cpuSeconds:0.00} s ({100 * cpuSeconds / window:0}% of one core)");
        output.WriteLine($"  CPU per forwarded packet:       {(forwarded == 0 ? 0 : cpuSeconds * 1e6 / forwarded):0.00} us (whole process: SFU plus the in-process clients)");
        if (end.WorkerCpuTime is { } workerEnd && start.WorkerCpuTime is { } workerStart)
        {
            double worker = (workerEnd - workerStart).TotalSeconds;
            output.WriteLine($"  SFU media worker threads' CPU:  {worker:0.00} s ({100 * worker / window:0}% of one core), {(forwarded == 0 ? 0 : worker * 1e6 / forwarded):0.00} us per forwarded packet");
        }

        output.WriteLine($"  GC collections:                 gen0 {end.Gen0 - start.Gen0}, gen1 {end.Gen1 - start.Gen1}, gen2 {end.Gen2 - start.Gen2}");
        output.WriteLine($"  allocated:                      {allocated / 1024.0:N0} KiB ({(forwarded == 0 ? 0 : (double)allocated / forwarded):0.0} B per forwarded packet)");
    }

    /// <summary>With simulcast: the video packets subscribers received per layer (loss above counts the full layer as owed).</summary>
    public void WriteLayerMix(IReadOnlyList<long> packetsPerLayer)
    {
        string[] shown = new string[packetsPerLayer.Count];
        for (int i = 0; i < shown.Length; i++)
        {
            shown[i] = packetsPerLayer[i].ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        }

        output.WriteLine($"  simulcast video received per layer (q / h / f): {string.Join(" / ", shown)} (expected counts the full layer only)");
    }

    /// <summary>
    /// Each media worker's share of the window, read by the worker itself (its RTP send counter and its thread's CPU clock):
    /// with several workers, the CPU per forwarded packet of each should stay what one worker spends alone.
    /// </summary>
    public void WriteWorkers(EngineStats start, EngineStats end, double window)
    {
        output.WriteLine("  per media worker (RTP sent by the worker, its thread's CPU):");
        for (int i = 0; i < end.Workers.Count && i < start.Workers.Count; i++)
        {
            WorkerStats before = start.Workers[i];
            WorkerStats after = end.Workers[i];
            long sent = after.RtpPacketsSent - before.RtpPacketsSent;
            string cpu = after.CpuTime is { } cpuEnd && before.CpuTime is { } cpuStart
                ? $"{(cpuEnd - cpuStart).TotalSeconds:0.00} s CPU, {(sent == 0 ? 0 : (cpuEnd - cpuStart).TotalSeconds * 1e6 / sent):0.00} us per sent packet"
                : "CPU n/a";
            output.WriteLine($"    worker {after.Worker}: {after.Rooms} room(s), {after.Participants} participants, {sent / window:N0} packets/s sent, {cpu}");
        }
    }
}
