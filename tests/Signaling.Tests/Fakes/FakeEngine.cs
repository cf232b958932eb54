using System.Collections.Concurrent;
using Sfu.Engine;

namespace Signaling.Tests.Fakes;

/// <summary>An in-memory engine that records what signaling asks of it; tests drive its observer callbacks.</summary>
public sealed class FakeEngine : ISfuEngine
{
    public ConcurrentDictionary<string, FakePeerSession> Peers { get; } = new();

    public List<string> Calls { get; } = [];

    public Exception? CreatePeerThrows { get; set; }

    public IPeerSession CreatePeer(string roomId, string participantId, IPeerSessionObserver observer)
    {
        Record($"CreatePeer {roomId} {participantId}");
        if (CreatePeerThrows is not null)
        {
            throw CreatePeerThrows;
        }

        var peer = new FakePeerSession(this, roomId, participantId, observer);
        Peers[participantId] = peer;
        return peer;
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

    /// <summary>What HandleOffer returns; an exception to throw instead when set.</summary>
    public Func<string, string> Answer { get; set; } = offer => "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=answer\r\n";

    public Exception? AnswerThrows { get; set; }

    /// <summary>Runs inside HandleOffer (to simulate an engine thread racing with the answer).</summary>
    public Action? DuringHandleOffer { get; set; }

    public List<string> Offers { get; } = [];

    public List<string> Answers { get; } = [];

    public List<(string TrackId, bool Muted)> Mutes { get; } = [];

    public string HandleOffer(string offerSdp)
    {
        engine.Record($"HandleOffer {ParticipantId}");
        Offers.Add(offerSdp);
        DuringHandleOffer?.Invoke();
        if (AnswerThrows is not null)
        {
            throw AnswerThrows;
        }

        return Answer(offerSdp);
    }

    public void HandleAnswer(string answerSdp)
    {
        engine.Record($"HandleAnswer {ParticipantId}");
        Answers.Add(answerSdp);
        if (AnswerThrows is not null)
        {
            throw AnswerThrows;
        }
    }

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
