using System.Net;
using Sfu.Dtls;
using Sfu.Routing;
using Sfu.Transport;
using Sfu.Negotiation;

namespace Sfu.Engine;

/// <summary>
/// The media engine behind <see cref="ISfuEngine"/>: one <see cref="MediaWorker"/> (thread + UDP port) that owns
/// every room, participant and transport. Calls from signaling threads are marshalled onto the worker.
/// </summary>
public sealed class SfuEngine : ISfuEngine, IDatagramHandler, IDisposable
{
    private readonly MediaWorker _worker;
    private readonly TransportTable _transports = new();
    private readonly DatagramDispatcher _dispatcher;
    private readonly Dictionary<string, Router> _rooms = new(StringComparer.Ordinal);
    private readonly PortContext _transportContext;
    private readonly RoutingContext _routing;

    public SfuEngine(SfuOptions options, TimeProvider? time = null)
    {
        IReadOnlyList<string> problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid media engine settings: " + string.Join("; ", problems), nameof(options));
        }

        Options = options;
        time ??= TimeProvider.System;
        _worker = new MediaWorker(options.GetBindEndPoint(), time, "sfu-media-worker");
        Certificate = DtlsCertificate.CreateSelfSigned();
        _dispatcher = new DatagramDispatcher(_transports);
        _transportContext = new PortContext(_worker.Socket, _transports, new DtlsSessionFactory(Certificate), _worker.Post, options.ConsentTimeout);
        var candidates = new List<HostCandidate>();
        foreach (IPEndPoint endPoint in options.GetAnnouncedEndPoints(_worker.Socket.LocalEndPoint.Port))
        {
            candidates.Add(new HostCandidate(endPoint.Address.ToString(), endPoint.Port));
        }

        AnnouncedCandidates = candidates;
        _routing = new RoutingContext(time, () => _worker.NowTicks)
        {
            PublisherMaxBitrate = options.PublisherMaxBitrate,
            KeyframeRequestIntervalTicks = options.KeyframeRequestInterval.Ticks,
            Fingerprint = Certificate.Sha256Fingerprint,
            Candidates = candidates,
            CodecPolicy = new CodecPolicy { AllowH264 = options.EnableH264 },
        };
        _worker.Start(this);
    }

    public SfuOptions Options { get; }

    public DtlsCertificate Certificate { get; }

    /// <summary>The UDP address the media socket is bound to (the port is real even when 0 was configured).</summary>
    public IPEndPoint MediaEndPoint => _worker.Socket.LocalEndPoint;

    public IReadOnlyList<HostCandidate> AnnouncedCandidates { get; }

    public IPeerSession CreatePeer(string roomId, string participantId, IPeerSessionObserver observer)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        ArgumentNullException.ThrowIfNull(observer);
        Participant participant = Invoke(() =>
        {
            var created = new Participant(participantId, new ObserverListener(observer), _routing, listener =>
            {
                var transport = new WebRtcTransport(_transportContext, listener, participantId);
                _transports.Add(transport);
                return transport;
            });
            if (!_rooms.TryGetValue(roomId, out Router? room))
            {
                room = new Router(roomId);
                _rooms.Add(roomId, room);
            }

            room.Add(created);
            return created;
        });
        return new PeerSession(this, roomId, participant);
    }

    /// <summary>Snapshot of rooms and participants, for metrics and tests.</summary>
    public Task<EngineStats> GetStatsAsync() => _worker.InvokeAsync(() =>
    {
        int participants = 0;
        int producers = 0;
        int consumers = 0;
        foreach (Router room in _rooms.Values)
        {
            foreach (Participant participant in room.Participants)
            {
                participants++;
                consumers += participant.Consumers.Count;
                foreach (Producer _ in participant.Producers)
                {
                    producers++;
                }
            }
        }

        return new EngineStats(_rooms.Count, participants, producers, consumers);
    });

    internal T Invoke<T>(Func<T> work)
    {
        if (_worker.IsWorkerThread)
        {
            return work();
        }

        Task<T> task = _worker.InvokeAsync(work);
        // Wait on the handle, not Task.Wait: Wait would wrap a failure in AggregateException and callers
        // (signaling) need the original SdpNegotiationException to tell glare from a bad description.
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("the media worker did not answer within 10 s");
        }

        return task.GetAwaiter().GetResult();
    }

    internal void Post(Action work) => _worker.Post(work);

    internal void RemoveParticipant(string roomId, Participant participant)
    {
        if (_rooms.TryGetValue(roomId, out Router? room))
        {
            room.Remove(participant);
            if (room.IsEmpty)
            {
                _rooms.Remove(roomId);
            }
        }
    }

    void IDatagramHandler.OnDatagram(Span<byte> datagram, byte[] capacity, SocketAddress from, long nowTicks) =>
        _dispatcher.Dispatch(datagram, from, nowTicks);

    void IDatagramHandler.OnTick(long nowTicks)
    {
        List<string>? empty = null;
        foreach (KeyValuePair<string, Router> entry in _rooms)
        {
            entry.Value.Tick(nowTicks);
            if (entry.Value.IsEmpty)
            {
                (empty ??= []).Add(entry.Key);
            }
        }

        if (empty is not null)
        {
            foreach (string roomId in empty)
            {
                _rooms.Remove(roomId);
            }
        }
    }

    public void Dispose() => _worker.Dispose();
}

/// <summary>Temporary bridge until events are queued to signaling.</summary>
internal sealed class ObserverListener(IPeerSessionObserver observer) : IParticipantListener
{
    public void OnServerOffer(string offerSdp) => observer.OnServerOffer(offerSdp);

    public void OnRemoteTrack(RemoteTrackInfo track, bool added) => observer.OnRemoteTrack(track, added);

    public void OnActiveSpeaker(string participantId) => observer.OnActiveSpeaker(participantId);

    public void OnTransportClosed(string reason) => observer.OnTransportClosed(reason);
}

/// <summary>Counts of what the engine holds right now.</summary>
public readonly record struct EngineStats(int Rooms, int Participants, int Producers, int Consumers);
