using System.Diagnostics;
using Sfu.Client;
using Sfu.Engine;

namespace LoadGen;

/// <summary>
/// One load run on loopback: an in-process <see cref="SfuEngine"/>, rooms x participants <see cref="ClientPeer"/>s joined
/// through <see cref="EngineSignaling"/>, all sending audio and video for a fixed time, then a report of what the
/// receivers got and what the process spent while the whole room was sending (the steady-state window).
/// </summary>
internal sealed class LoadRun(LoadGenOptions options, TextWriter output) : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private readonly List<ClientPeer> _peers = [];
    private readonly List<EngineSignaling> _links = [];
    private SfuEngine? _engine;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = options.Workers });
        var media = new SyntheticMediaOptions
        {
            AudioPacketsPerSecond = options.AudioPps,
            VideoPacketsPerSecond = options.VideoPps,
            VideoPacketsPerFrame = options.VideoPacketsPerFrame,
        };
        output.WriteLine($"SFU load generator: {options.Rooms} room(s) x {options.Participants} participants, {options.Seconds} s, " +
            $"audio {media.AudioPacketsPerSecond} pps x {media.AudioPayloadBytes} B, video {media.VideoPacketsPerSecond} pps x {media.VideoPayloadBytes} B per participant");
        output.WriteLine($"engine: {_engine.WorkerCount} media worker(s) on {string.Join(", ", _engine.MediaEndPoints)}, {Environment.ProcessorCount} logical cores, server GC {System.Runtime.GCSettings.IsServerGC}, .NET {Environment.Version}");

        var setup = Stopwatch.StartNew();
        if (!await JoinAllAsync(media, cancellationToken))
        {
            return 1;
        }

        output.WriteLine($"setup: {_peers.Count} peers joined, negotiated and connected in {setup.Elapsed.TotalSeconds:0.0} s ({Sum(l => l.Glares)} glare(s) resolved)");

        MediaSendPlan plan = MediaSendPlan.ForDuration(TimeSpan.FromSeconds(options.Seconds), media);
        var sends = new List<Task>(_peers.Count);
        foreach (ClientPeer peer in _peers)
        {
            sends.Add(peer.SendMediaAsync(plan, cancellationToken));
        }

        await Task.Delay(TimeSpan.FromSeconds(options.EffectiveWarmupSeconds), cancellationToken);
        EngineStats workersAtStart = await _engine.GetStatsAsync();
        ProcessSnapshot start = ProcessSnapshot.Take(TotalReceived(), opensWindow: true);
        await Task.WhenAll(sends);
        ProcessSnapshot end = ProcessSnapshot.Take(TotalReceived(), opensWindow: false);
        EngineStats workersAtEnd = await _engine.GetStatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); // drain what is still in flight

        var report = new LoadReport(output);
        report.Write(_peers, options.Participants, start, end);
        report.WriteWorkers(workersAtStart, workersAtEnd, end.SecondsSince(start));
        if (options.Simulcast)
        {
            report.WriteLayerMix(SimulcastLayerMix.Count(_peers));
        }
        return 0;
    }

    private async Task<bool> JoinAllAsync(SyntheticMediaOptions media, CancellationToken cancellationToken)
    {
        for (int room = 0; room < options.Rooms; room++)
        {
            for (int participant = 0; participant < options.Participants; participant++)
            {
                var peer = new ClientPeer(new ClientPeerOptions
                {
                    ParticipantId = $"r{room}-p{participant}",
                    Media = media,
                    PublishSimulcast = options.Simulcast,

                    // The SFU picks each subscriber's layer from its bandwidth estimate, fed by transport-cc as browsers do.
                    SendTransportCcFeedback = options.Simulcast,
                });
                _peers.Add(peer);
                _links.Add(await EngineSignaling.JoinAsync(_engine!, "room-" + room, peer));
                await peer.ConnectAsync(ConnectTimeout, cancellationToken);
            }
        }

        // Send only when every subscription is live on both sides, so every packet has a known set of receivers.
        int remoteTracks = 2 * (options.Participants - 1);
        var deadline = Stopwatch.StartNew();
        // A simulcast publisher's layer SSRCs are unknown to the server until their first packets, so it has no RTCP to
        // send before media flows: the server's confirmation cannot be waited for then (ConnectAsync's settle time covers it).
        while (!_links.TrueForAll(l => l.NegotiatedRemoteTracks == remoteTracks && l.Peer.IsConnected && (options.Simulcast || l.Peer.IsServerConfirmed)))
        {
            if (deadline.Elapsed > ConnectTimeout)
            {
                output.WriteLine("setup failed: not every participant negotiated its remote tracks and connected:");
                foreach (EngineSignaling link in _links)
                {
                    output.WriteLine($"  {link.Peer.ParticipantId}: tracks {link.NegotiatedRemoteTracks}/{remoteTracks}, connected {link.Peer.IsConnected}, " +
                        $"server confirmed {link.Peer.IsServerConfirmed}, errors [{string.Join(" | ", link.Errors)}]");
                }

                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }

    private long TotalReceived()
    {
        long total = 0;
        foreach (ClientPeer peer in _peers)
        {
            total += peer.PacketsReceived;
        }

        return total;
    }

    private int Sum(Func<EngineSignaling, int> value)
    {
        int total = 0;
        foreach (EngineSignaling link in _links)
        {
            total += value(link);
        }

        return total;
    }

    public void Dispose()
    {
        foreach (EngineSignaling link in _links)
        {
            link.Dispose();
        }

        foreach (ClientPeer peer in _peers)
        {
            peer.Dispose();
        }

        _engine?.Dispose();
    }
}
