using System.Diagnostics;
using Sfu.Client;

namespace LoadGen.Remote;

/// <summary>
/// One load run against a server in another process: every participant of the scenario gets a token, joins through the
/// server's /ws signaling with our <see cref="ClientPeer"/>, negotiates and connects; when every subscription is live,
/// the publishers send for the duration (each payload stamped with its send time); then the run compares what the
/// subscribers received with what was owed and with the server's own counters, and divides the server's CPU by it.
/// </summary>
internal sealed class RemoteRun(RemoteOptions options, TextWriter output) : IAsyncDisposable
{
    private const string WorkerThreadPrefix = "sfu-worker-";
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(120);

    private readonly List<(ScenarioParticipant Role, ClientPeer Peer, WebSocketSignaling? Signaling)> _clients = [];
    private readonly HttpClient _http = new() { BaseAddress = options.Server, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        RemoteResult? result = await MeasureAsync(cancellationToken);
        if (result is null)
        {
            return 1;
        }

        result.WriteTable(output);
        if (options.JsonPath is not null)
        {
            result.WriteJson(options.JsonPath, output);
        }

        return 0;
    }

    /// <summary>Joins, connects, sends for the duration and measures; null when setup failed (the reason is written).</summary>
    public async Task<RemoteResult?> MeasureAsync(CancellationToken cancellationToken)
    {
        Scenario scenario = options.Scenario;
        IReadOnlyList<ScenarioParticipant> roles = scenario.Participants();
        SyntheticMediaOptions media = options.MediaOptions();
        output.WriteLine($"load against {options.Server}: scenario {scenario.Name}, {roles.Count} participants, {options.Seconds} s, " +
            $"audio {media.AudioPacketsPerSecond} pps x {media.AudioPayloadBytes} B, video {media.VideoPacketsPerSecond} pps x {media.VideoPayloadBytes} B per publisher");

        var setup = Stopwatch.StartNew();
        string roomPrefix = "lg-" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()));
        if (!await JoinAllAsync(roles, media, roomPrefix, cancellationToken))
        {
            return null;
        }

        output.WriteLine($"setup: {_clients.Count} participants joined, negotiated and connected in {setup.Elapsed.TotalSeconds:0.0} s");

        string? metricsBefore = await ScrapeAsync(cancellationToken);
        double? cpuBefore = ReadCpu(metricsBefore, out _);
        double? workersBefore = ServerCpu.FromProcThreads(options.ServerPid, WorkerThreadPrefix);
        long receivedBefore = TotalReceived();
        long probesBefore = TotalProbesReceived();
        var window = Stopwatch.StartNew();
        MediaSendPlan plan = MediaSendPlan.ForDuration(TimeSpan.FromSeconds(options.Seconds), media);
        var publishers = _clients.Where(c => c.Role.PublishAudio || c.Role.PublishVideo).Select(c => c.Peer).ToList();
        await SendWindow.SendAsync(publishers, plan, TotalReceived, output, cancellationToken);
        await SendWindow.WaitUntilQuietAsync(TotalReceived, cancellationToken);
        long receivedAfter = TotalReceived();
        string? metricsAfter = await ScrapeAsync(cancellationToken);
        double? cpuAfter = ReadCpu(metricsAfter, out string? cpuSource);
        double? workerCpu = ServerCpu.FromProcThreads(options.ServerPid, WorkerThreadPrefix) - workersBefore;
        double? forwarded = Delta(metricsBefore, metricsAfter);
        long probes = TotalProbesReceived() - probesBefore;
        RemoteResult result = Summarize(scenario, window.Elapsed.TotalSeconds, receivedAfter - receivedBefore, forwarded, cpuAfter - cpuBefore, cpuSource) with
        {
            // The server's RTP count includes the padding-only probes its bandwidth estimators send subscribers.
            ProbesReceived = probes,
            CountDifferencePercent = forwarded is > 0 ? (receivedAfter - receivedBefore + probes - forwarded.Value) * 100 / forwarded.Value : null,
            ServerSocketDrops = Delta(metricsBefore, metricsAfter, "sfu_socket_receive_drops_total", null),
            ServerDrops = Delta(metricsBefore, metricsAfter, "sfu_dropped_packets_total", null),
            WorkerCpuUsPerPacket = workerCpu is { } w && forwarded is > 0 ? w * 1e6 / forwarded.Value : null,
        };
        return result;
    }

    private async Task<bool> JoinAllAsync(IReadOnlyList<ScenarioParticipant> roles, SyntheticMediaOptions media, string roomPrefix, CancellationToken cancellationToken)
    {
        var tokens = new JoinTokens(_http);
        Uri webSocket = new UriBuilder(options.Server!) { Scheme = options.Server!.Scheme == "https" ? "wss" : "ws", Path = "/ws" }.Uri;
        using var concurrency = new SemaphoreSlim(options.JoinConcurrency);
        var joins = new List<Task>();
        var failures = new List<string>();
        foreach (ScenarioParticipant role in roles)
        {
            var peer = new ClientPeer(new ClientPeerOptions
            {
                ParticipantId = $"lg-r{role.Room}-p{role.Index}",
                PublishAudio = role.PublishAudio,
                PublishVideo = role.PublishVideo,
                PublishSimulcast = options.Simulcast,

                // The SFU picks each subscriber's layer from its bandwidth estimate, fed by transport-cc as browsers do.
                SendTransportCcFeedback = options.Simulcast,
                Media = media,
                BindAddress = options.BindAddress,
                SrtpProfiles = options.SrtpProfiles,
            });
            int slot = _clients.Count;
            _clients.Add((role, peer, null));
            joins.Add(JoinOneAsync(slot, $"{roomPrefix}-{role.Room}", tokens, webSocket, concurrency, failures, cancellationToken));
        }

        await Task.WhenAll(joins);
        if (failures.Count > 0)
        {
            output.WriteLine($"setup failed for {failures.Count} participant(s): {string.Join(" | ", failures.Take(5))}");
            return false;
        }

        var deadline = Stopwatch.StartNew();
        while (!_clients.TrueForAll(c => c.Signaling!.NegotiatedRemoteTracks >= ExpectedRemoteTracks(c.Role) && c.Peer.IsConnected))
        {
            if (deadline.Elapsed > SetupTimeout)
            {
                output.WriteLine("setup failed: not every participant negotiated its remote tracks and connected:");
                foreach ((ScenarioParticipant role, ClientPeer peer, WebSocketSignaling? signaling) in _clients.Where(c => c.Signaling!.NegotiatedRemoteTracks < ExpectedRemoteTracks(c.Role) || !c.Peer.IsConnected).Take(10))
                {
                    output.WriteLine($"  {peer.ParticipantId}: tracks {signaling!.NegotiatedRemoteTracks}/{ExpectedRemoteTracks(role)}, connected {peer.IsConnected}, errors [{string.Join(" | ", signaling.Errors)}]");
                }

                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }

    private async Task JoinOneAsync(int slot, string room, JoinTokens tokens, Uri webSocket, SemaphoreSlim concurrency, List<string> failures, CancellationToken cancellationToken)
    {
        ClientPeer peer = _clients[slot].Peer;
        await concurrency.WaitAsync(cancellationToken);
        try
        {
            string token = await tokens.GetAsync(room, peer.ParticipantId, cancellationToken);
            WebSocketSignaling signaling = await WebSocketSignaling.JoinAsync(webSocket, token, peer, cancellationToken);
            lock (_clients)
            {
                _clients[slot] = (_clients[slot].Role, peer, signaling);
            }

            // A receive-only participant connects once the server's offer (sent 2 s after its join) is answered.
            var deadline = Stopwatch.StartNew();
            while (peer.RemoteTransport is null && deadline.Elapsed < SetupTimeout)
            {
                await Task.Delay(20, cancellationToken);
            }

            await peer.ConnectAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            lock (failures)
            {
                failures.Add($"{peer.ParticipantId}: {ex.Message}");
            }
        }
        finally
        {
            concurrency.Release();
        }
    }

    /// <summary>Everyone else in the room who publishes, times the tracks each publishes.</summary>
    private int ExpectedRemoteTracks(ScenarioParticipant role)
    {
        int publishersInRoom = 0;
        foreach ((ScenarioParticipant other, _, _) in _clients)
        {
            if (other.Room == role.Room && other != role && (other.PublishAudio || other.PublishVideo))
            {
                publishersInRoom++;
            }
        }

        return publishersInRoom * Scenario.TracksPerPublisher(options.Scenario.AudioOnly);
    }

    private RemoteResult Summarize(Scenario scenario, double seconds, long received, double? serverForwarded, double? serverCpu, string? cpuSource)
    {
        var peers = new List<TalliedPeer>(_clients.Count);
        var errors = new List<string>();
        foreach ((ScenarioParticipant role, ClientPeer peer, WebSocketSignaling? signaling) in _clients)
        {
            peers.Add(new TalliedPeer(peer, RoomSize(role.Room) - 1));
            errors.AddRange(signaling!.Errors);
        }

        RemoteResult tally = RunTally.Summarize("sfu", options.Server!.ToString(), scenario, seconds, received, peers, errors);
        return tally with
        {
            ServerForwarded = serverForwarded,
            CountDifferencePercent = serverForwarded is > 0 ? (received - serverForwarded.Value) * 100 / serverForwarded.Value : null,
            ServerCpuSeconds = serverCpu,
            ServerCpuSource = cpuSource,
            ServerCpuUsPerPacket = serverCpu is { } cpu && serverForwarded is > 0 ? cpu * 1e6 / serverForwarded.Value : null,
            LayerPackets = options.Simulcast ? SimulcastLayerMix.Count(_clients.Select(c => c.Peer)) : null,
        };
    }

    private int RoomSize(int room)
    {
        int size = 0;
        foreach ((ScenarioParticipant role, _, _) in _clients)
        {
            size += role.Room == room ? 1 : 0;
        }

        return size;
    }

    private static double? Delta(string? before, string? after, string metric = "sfu_packets_sent_total", string? label = "kind=\"rtp\"")
    {
        double? start = before is null ? null : PrometheusText.Sum(before, metric, label);
        double? end = after is null ? null : PrometheusText.Sum(after, metric, label);
        return end - (start ?? 0);
    }

    private double? ReadCpu(string? metrics, out string? source)
    {
        double? fromMetrics = ServerCpu.FromMetrics(metrics);
        if (fromMetrics is not null)
        {
            source = "its /metrics process_cpu_seconds_total";
            return fromMetrics;
        }

        source = $"/proc/{options.ServerPid}/stat";
        return ServerCpu.FromProc(options.ServerPid);
    }

    private async Task<string?> ScrapeAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetStringAsync("/metrics", cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            output.WriteLine("could not read /metrics: " + ex.Message);
            return null;
        }
    }

    private long TotalProbesReceived()
    {
        long total = 0;
        foreach ((_, ClientPeer peer, _) in _clients)
        {
            total += peer.GetStats().PaddingProbesReceived;
        }

        return total;
    }

    private long TotalReceived()
    {
        long total = 0;
        foreach ((_, ClientPeer peer, _) in _clients)
        {
            total += peer.PacketsReceived;
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        foreach ((_, ClientPeer peer, WebSocketSignaling? signaling) in _clients)
        {
            if (signaling is not null)
            {
                await signaling.DisposeAsync();
            }

            peer.Dispose();
        }

        _http.Dispose();
    }
}
