using Sfu.Engine.Commands;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Sdp;

namespace Sfu.Engine;

/// <summary>
/// The thread-safe face of one participant: parses SDP on the caller's thread and queues typed commands to the worker that
/// owns the participant's room. Nothing here waits for the worker; callers await the commands' results.
/// </summary>
internal sealed class PeerSession : IPeerSession
{
    private readonly MediaWorker _worker;
    private readonly RoomPlacement _placement;
    private int _disposed;

    internal PeerSession(string roomId, string participantId, MediaWorker worker, WorkerRooms rooms, RoomPlacement placement)
    {
        RoomId = roomId;
        ParticipantId = participantId;
        _worker = worker;
        Rooms = rooms;
        _placement = placement;
    }

    public string RoomId { get; }

    public string ParticipantId { get; }

    /// <summary>The worker this participant lives on.</summary>
    public int Worker => _worker.Index;

    internal WorkerRooms Rooms { get; }

    /// <summary>The routing state, set and read only on the worker thread (by commands); null before creation and after removal.</summary>
    internal Participant? Participant { get; set; }

    public Task<NegotiationResult> HandleOfferAsync(string offerSdp, CancellationToken cancellationToken = default) =>
        NegotiateAsync(offerSdp, isOffer: true, cancellationToken);

    public Task<NegotiationResult> HandleAnswerAsync(string answerSdp, CancellationToken cancellationToken = default) =>
        NegotiateAsync(answerSdp, isOffer: false, cancellationToken);

    public void SetTrackMuted(string trackId, bool muted)
    {
        ArgumentNullException.ThrowIfNull(trackId);
        _worker.Enqueue(new SetTrackMutedCommand(this, trackId, muted));
    }

    public void ExpectBrowserOffer() => _worker.Enqueue(new ExpectBrowserOfferCommand(this));

    public void SetVideoPreferences(IReadOnlyList<VideoPreference> preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        _worker.Enqueue(new SetVideoPreferencesCommand(this, [.. preferences]));
    }

    /// <summary>Queues the removal and returns at once; the room's seat on its worker is released now.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _worker.Enqueue(new RemovePeerCommand(this));
            _placement.Release(RoomId);
        }
    }

    private Task<NegotiationResult> NegotiateAsync(string sdp, bool isOffer, CancellationToken cancellationToken)
    {
        string what = isOffer ? "offer" : "answer";
        if (string.IsNullOrWhiteSpace(sdp))
        {
            return Task.FromResult(NegotiationResult.Failed($"the {what} is empty"));
        }

        if (!SessionDescription.TryParse(sdp, out SessionDescription? parsed, out string? error))
        {
            return Task.FromResult(NegotiationResult.Failed($"the {what} is not valid SDP: {error}"));
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromResult(NegotiationResult.Failed("the participant's media session has ended"));
        }

        var command = new NegotiateCommand(this, parsed!, isOffer);
        _worker.Enqueue(command);
        return cancellationToken.CanBeCanceled ? command.Completion.WaitAsync(cancellationToken) : command.Completion;
    }
}
