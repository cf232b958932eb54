using System.Collections.Concurrent;
using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;

namespace Signaling.Tests.Fakes;

/// <summary>An in-memory engine that records what signaling asks of it; tests drive its observer callbacks.</summary>
public sealed class FakeEngine : ISfuEngine
{
    public ConcurrentDictionary<string, FakePeerSession> Peers { get; } = new();

    public List<string> Calls { get; } = [];

    public Exception? CreatePeerThrows { get; set; }

    public Task<IPeerSession> CreatePeerAsync(string roomId, string participantId, IPeerSessionObserver observer, CancellationToken cancellationToken = default)
    {
        Record($"CreatePeer {roomId} {participantId}");
        if (CreatePeerThrows is not null)
        {
            return Task.FromException<IPeerSession>(CreatePeerThrows);
        }

        var peer = new FakePeerSession(this, roomId, participantId, observer);
        Peers[participantId] = peer;
        return Task.FromResult<IPeerSession>(peer);
    }

    public FakePeerSession Peer(string participantId) => Peers[participantId];

    internal void Record(string call)
    {
        lock (Calls)
        {
            Calls.Add(call);
        }
    }

    public string[] CallsSnapshot()
    {
        lock (Calls)
        {
            return [.. Calls];
        }
    }
}

public sealed class FakePeerSession(FakeEngine engine, string roomId, string participantId, IPeerSessionObserver observer) : IPeerSession
{
    public string RoomId { get; } = roomId;

    public string ParticipantId { get; } = participantId;

    public IPeerSessionObserver Observer { get; } = observer;

    public bool Disposed { get; private set; }

    /// <summary>What HandleOfferAsync answers when <see cref="Refusal"/> is not set.</summary>
    public Func<string, string> Answer { get; set; } = offer => "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=answer\r\n";

    /// <summary>The engine's refusal of every offer and answer while set (a bad description, or glare).</summary>
    public NegotiationResult? Refusal { get; set; }

    /// <summary>Runs inside HandleOfferAsync (to simulate an engine event racing with the answer).</summary>
    public Action? DuringHandleOffer { get; set; }

    public List<string> Offers { get; } = [];

    public List<string> Answers { get; } = [];

    public List<(string TrackId, bool Muted)> Mutes { get; } = [];

    public Task<NegotiationResult> HandleOfferAsync(string offerSdp, CancellationToken cancellationToken = default)
    {
        engine.Record($"HandleOffer {ParticipantId}");
        Offers.Add(offerSdp);
        DuringHandleOffer?.Invoke();
        return Task.FromResult(Refusal ?? NegotiationResult.Answered(Answer(offerSdp)));
    }

    public Task<NegotiationResult> HandleAnswerAsync(string answerSdp, CancellationToken cancellationToken = default)
    {
        engine.Record($"HandleAnswer {ParticipantId}");
        Answers.Add(answerSdp);
        return Task.FromResult(Refusal ?? NegotiationResult.Applied());
    }

    public List<IReadOnlyList<VideoPreference>> Preferences { get; } = [];

    public void SetVideoPreferences(IReadOnlyList<VideoPreference> preferences)
    {
        engine.Record($"SetVideoPreferences {ParticipantId} {preferences.Count}");
        Preferences.Add(preferences);
    }

    public void ExpectBrowserOffer() => engine.Record($"ExpectBrowserOffer {ParticipantId}");

    public void SetTrackMuted(string trackId, bool muted)
    {
        engine.Record($"SetTrackMuted {ParticipantId} {trackId} {muted}");
        Mutes.Add((trackId, muted));
    }

    public void Dispose()
    {
        engine.Record($"Dispose {ParticipantId}");
        Disposed = true;
    }
}
