using System.Diagnostics;
using LoadGen.Remote;
using Sfu.Client;

namespace LoadGen.Janus;

/// <summary>
/// The scenario of a <see cref="RemoteRun"/> played against Janus's VideoRoom with the same clients and the same media:
/// each publishing participant publishes on its own handle, each participant subscribes on another handle to every
/// other publisher of its room (Janus gives publishing and subscribing separate PeerConnections, so a participant who
/// does both is two <see cref="ClientPeer"/>s). Janus exports no packet counter, so the forwarded count is what the
/// subscribers received, and Janus's CPU comes from /proc of <see cref="RemoteOptions.JanusPid"/>.
/// </summary>
internal sealed class JanusRun(RemoteOptions options, TextWriter output) : IAsyncDisposable
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(120);

    private readonly List<(ScenarioParticipant Role, ClientPeer Peer)> _publishers = [];
    private readonly List<(ScenarioParticipant Role, ClientPeer Peer)> _subscribers = [];
    private JanusWebSocket? _connection;

    /// <summary>Sets up, sends for the duration and measures; null when setup failed (the reason is written, not thrown).</summary>
    public async Task<RemoteResult?> MeasureAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is JanusException or TimeoutException or System.Net.WebSockets.WebSocketException
            or Sfu.Dtls.DtlsHandshakeException or ClientNegotiationException)
        {
            output.WriteLine("janus run failed: " + ex.Message);
            return null;
        }
    }

    private async Task<RemoteResult> RunAsync(CancellationToken cancellationToken)
    {
        Scenario scenario = options.Scenario;
        SyntheticMediaOptions media = options.MediaOptions();
        IReadOnlyList<ScenarioParticipant> roles = scenario.Participants();
        output.WriteLine($"load against Janus {options.Janus}: scenario {scenario.Name}, {roles.Count} participants, {options.Seconds} s, " +
            $"audio {media.AudioPacketsPerSecond} pps x {media.AudioPayloadBytes} B, video {media.VideoPacketsPerSecond} pps x {media.VideoPayloadBytes} B per publisher");
        var setup = Stopwatch.StartNew();
        _connection = await JanusWebSocket.ConnectAsync(options.Janus!, cancellationToken);
        var videoRoom = new JanusVideoRoom(_connection.Session);
        long control = await _connection.Session.AttachAsync(cancellationToken);
        long roomBase = Random.Shared.NextInt64(1, 1L << 40);
        for (int room = 0; room < scenario.Rooms; room++)
        {
            await videoRoom.CreateRoomAsync(control, roomBase + room, scenario.RoomSize, cancellationToken);
        }

        var feeds = new Dictionary<ScenarioParticipant, long>();
        await ForEachAsync(roles.Where(r => r.PublishAudio || r.PublishVideo), async role =>
        {
            ClientPeer peer = NewPeer(role, "pub", media, role.PublishAudio, role.PublishVideo, _publishers);
            long feed = await JanusParticipant.PublishAsync(videoRoom, roomBase + role.Room, peer, cancellationToken);
            await peer.ConnectAsync(TimeSpan.FromSeconds(30), cancellationToken);
            lock (feeds)
            {
                feeds[role] = feed;
            }
        });

        await ForEachAsync(roles, async role =>
        {
            List<long> others = feeds.Where(f => f.Key.Room == role.Room && f.Key != role).Select(f => f.Value).ToList();
            if (others.Count > 0)
            {
                ClientPeer peer = NewPeer(role, "sub", media, false, false, _subscribers);
                await JanusParticipant.SubscribeAsync(videoRoom, roomBase + role.Room, others, peer, cancellationToken);
                await peer.ConnectAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        });

        output.WriteLine($"setup: {_publishers.Count} publisher and {_subscribers.Count} subscriber PeerConnections connected in {setup.Elapsed.TotalSeconds:0.0} s");
        double? cpuBefore = ServerCpu.FromProc(options.JanusPid);
        long receivedBefore = TotalReceived();
        var window = Stopwatch.StartNew();
        await SendWindow.SendAsync(_publishers.ConvertAll(p => p.Peer), MediaSendPlan.ForDuration(TimeSpan.FromSeconds(options.Seconds), media), TotalReceived, output, cancellationToken);
        await SendWindow.WaitUntilQuietAsync(TotalReceived, cancellationToken);
        long received = TotalReceived() - receivedBefore;
        double? cpu = ServerCpu.FromProc(options.JanusPid) - cpuBefore;

        var peers = new List<TalliedPeer>();
        foreach ((ScenarioParticipant role, ClientPeer peer) in _publishers)
        {
            peers.Add(new TalliedPeer(peer, scenario.RoomSize - 1));
        }

        foreach ((_, ClientPeer peer) in _subscribers)
        {
            peers.Add(new TalliedPeer(peer, 0));
        }

        RemoteResult result = RunTally.Summarize("janus", options.Janus!.ToString(), scenario, window.Elapsed.TotalSeconds, received, peers, _connection.Session.Errors);
        return result with
        {
            ServerCpuSeconds = cpu,
            ServerCpuSource = cpu is null ? null : $"/proc/{options.JanusPid}/stat",

            // Janus counts nothing we can read, so the denominator is what its subscribers received.
            ServerCpuUsPerPacket = cpu is { } c && received > 0 ? c * 1e6 / received : null,
        };
    }

    private ClientPeer NewPeer(ScenarioParticipant role, string kind, SyntheticMediaOptions media, bool audio, bool video, List<(ScenarioParticipant, ClientPeer)> into)
    {
        var peer = new ClientPeer(new ClientPeerOptions
        {
            ParticipantId = $"lg-r{role.Room}-p{role.Index}-{kind}",
            PublishAudio = audio,
            PublishVideo = video,
            Media = media,
            BindAddress = options.BindAddress,
            SrtpProfiles = options.SrtpProfiles,
        });
        lock (into)
        {
            into.Add((role, peer));
        }

        return peer;
    }

    /// <summary>Runs <paramref name="action"/> for each role, <see cref="RemoteOptions.JoinConcurrency"/> at a time, within the setup timeout.</summary>
    private async Task ForEachAsync(IEnumerable<ScenarioParticipant> roles, Func<ScenarioParticipant, Task> action)
    {
        using var concurrency = new SemaphoreSlim(options.JoinConcurrency);
        var tasks = new List<Task>();
        foreach (ScenarioParticipant role in roles)
        {
            await concurrency.WaitAsync();
            tasks.Add(RunOneAsync(role));
        }

        await Task.WhenAll(tasks).WaitAsync(SetupTimeout);

        async Task RunOneAsync(ScenarioParticipant role)
        {
            try
            {
                await action(role);
            }
            finally
            {
                concurrency.Release();
            }
        }
    }

    private long TotalReceived()
    {
        long total = 0;
        foreach ((_, ClientPeer peer) in _subscribers)
        {
            total += peer.PacketsReceived;
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        foreach ((_, ClientPeer peer) in _publishers.Concat(_subscribers))
        {
            peer.Dispose();
        }
    }
}
