using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Diagnostics;
using Sfu.Dtls;
using Sfu.Engine.Commands;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Transport;

namespace Sfu.Engine;

/// <summary>
/// The media engine behind <see cref="ISfuEngine"/>: <see cref="SfuOptions.Workers"/> media workers, each a thread with its
/// own UDP port, transports and rooms. A room lives on one worker, chosen by load when it is created; calls from signaling
/// become commands queued to that worker, and its events reach signaling through the worker's event queue.
/// </summary>
public sealed class SfuEngine : ISfuEngine, IAsyncDisposable, IDisposable
{
    private readonly MediaWorker[] _workers;
    private readonly WorkerRooms[] _rooms;
    private readonly RoomPlacement _placement;
    private readonly ILogger _logger;
    private int _disposed;

    public SfuEngine(SfuOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        IReadOnlyList<string> problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid media engine settings: " + string.Join("; ", problems), nameof(options));
        }

        Options = options;
        time ??= TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Sfu.Engine");
        Certificate = DtlsCertificate.CreateSelfSigned();
        var dtls = new DtlsSessionFactory(Certificate);
        int count = options.EffectiveWorkers;
        _workers = new MediaWorker[count];
        _rooms = new WorkerRooms[count];
        _placement = new RoomPlacement(count);
        var announced = new List<HostCandidate>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                MediaWorker worker = new(i, options.GetBindEndPoint(i), time, _logger);
                _workers[i] = worker;
                IReadOnlyList<HostCandidate> candidates = Candidates(options, worker.Socket.LocalEndPoint.Port);
                announced.AddRange(candidates);
                _rooms[i] = CreateRooms(i, worker, dtls, candidates, time);
            }
        }
        catch
        {
            // A taken port on worker i must not leave workers 0..i-1 holding theirs.
            DisposeWorkers();
            throw;
        }

        AnnouncedCandidates = announced;
        for (int i = 0; i < count; i++)
        {
            _workers[i].Start(_rooms[i]);
            EngineLog.WorkerStarted(_logger, i, _workers[i].Socket.LocalEndPoint.ToString(), string.Join(", ", Candidates(options, _workers[i].Socket.LocalEndPoint.Port).Select(c => c.Address + ":" + c.Port)));
        }
    }

    public SfuOptions Options { get; }

    public DtlsCertificate Certificate { get; }

    /// <summary>The first worker's UDP address (the port is real even when 0 was configured).</summary>
    public IPEndPoint MediaEndPoint => _workers[0].Socket.LocalEndPoint;

    /// <summary>Every worker's UDP address, by worker index.</summary>
    public IReadOnlyList<IPEndPoint> MediaEndPoints => Array.ConvertAll(_workers, w => w.Socket.LocalEndPoint);

    /// <summary>The ICE candidates of every worker; a participant is offered only its own room's worker's.</summary>
    public IReadOnlyList<HostCandidate> AnnouncedCandidates { get; }

    public int WorkerCount => _workers.Length;

    public RoomPlacement Placement => _placement;

    public async Task<IPeerSession> CreatePeerAsync(string roomId, string participantId, IPeerSessionObserver observer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        ArgumentNullException.ThrowIfNull(observer);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        int index = _placement.Acquire(roomId);
        var session = new PeerSession(roomId, participantId, _workers[index], _rooms[index], _placement);
        var command = new CreatePeerCommand(session, observer);
        _workers[index].Enqueue(command);
        try
        {
            return await command.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Given up (or the engine stopped): the participant may still be created later, so remove it the same way.
            session.Dispose();
            throw;
        }
    }

    /// <summary>What every worker holds and has done, each read on its own thread.</summary>
    public async Task<EngineStats> GetStatsAsync()
    {
        var pending = new Task<WorkerStats>[_workers.Length];
        for (int i = 0; i < _workers.Length; i++)
        {
            var command = new CollectStatsCommand(_rooms[i], _workers[i]);
            _workers[i].Enqueue(command);
            pending[i] = command.Completion;
        }

        return EngineStats.Sum(await Task.WhenAll(pending).ConfigureAwait(false));
    }

    /// <summary>Graceful stop: every worker closes its participants, its event queue delivers what is left, and its socket closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i].Enqueue(new DrainCommand(_rooms[i], _logger));
        }

        DisposeWorkers();
        foreach (WorkerRooms rooms in _rooms)
        {
            await rooms.Events.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void DisposeWorkers()
    {
        foreach (MediaWorker? worker in _workers)
        {
            worker?.Dispose();
        }
    }

    private WorkerRooms CreateRooms(int index, MediaWorker worker, DtlsSessionFactory dtls, IReadOnlyList<HostCandidate> candidates, TimeProvider time)
    {
        var port = new PortContext(worker.Socket, new TransportTable(), dtls, worker, Options.ConsentTimeout)
        {
            MaxSrtpSsrcs = Options.SrtpSsrcsPerSession,
            Logger = _logger,
        };
        var routing = new RoutingContext(time, () => worker.NowTicks)
        {
            PublisherMaxBitrate = Options.PublisherMaxBitrate,
            SubscriberBandwidth = new(Options.SubscriberMinBitrate, Options.SubscriberStartBitrate, Options.SubscriberMaxBitrate),
            KeyframeRequestIntervalTicks = Options.KeyframeRequestInterval.Ticks,
            Fingerprint = Certificate.Sha256Fingerprint,
            Candidates = candidates,
            CodecPolicy = new CodecPolicy { AllowH264 = Options.EnableH264 },
            MaxPublishedTracks = Options.MaxPublishedTracks,
            MaxSubscriptions = Options.MaxSubscriptions,
            Logger = _logger,
        };
        return new WorkerRooms(index, port, routing, new PeerEventQueue(_logger), () => worker.IsWorkerThread);
    }

    private static List<HostCandidate> Candidates(SfuOptions options, int boundPort)
    {
        var candidates = new List<HostCandidate>();
        foreach (IPEndPoint endPoint in options.GetAnnouncedEndPoints(boundPort))
        {
            candidates.Add(new HostCandidate(endPoint.Address.ToString(), endPoint.Port));
        }

        return candidates;
    }
}
