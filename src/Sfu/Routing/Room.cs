namespace Sfu.Routing;

/// <summary>
/// A meeting's media on the worker thread: who is in it, and the rule that every participant consumes
/// every other participant's producers. Also picks the active speaker from audio levels.
/// </summary>
public sealed class Room(string id)
{
    private readonly List<Participant> _participants = [];
    private readonly ActiveSpeakerDetector _speakers = new();

    public string Id { get; } = id;

    public IReadOnlyList<Participant> Participants => _participants;

    public bool IsEmpty => _participants.Count == 0;

    /// <summary>Adds a participant and subscribes it to everything already published.</summary>
    public void Add(Participant participant)
    {
        participant.Room = this;
        foreach (Participant other in _participants)
        {
            foreach (Producer producer in other.Producers)
            {
                participant.Subscribe(producer);
            }
        }

        _participants.Add(participant);
    }

    /// <summary>Removes a participant with all its producers and consumers.</summary>
    public void Remove(Participant participant)
    {
        if (!_participants.Remove(participant))
        {
            return;
        }

        participant.Close();
        _speakers.Remove(participant.ParticipantId);
        participant.Room = null;
    }

    internal void OnProducerAdded(Producer producer)
    {
        foreach (Participant participant in _participants)
        {
            if (participant != producer.Publisher && !participant.IsClosed)
            {
                participant.Subscribe(producer);
            }
        }
    }

    internal void OnProducerRemoved(Producer producer)
    {
        foreach (Participant participant in _participants)
        {
            if (participant != producer.Publisher)
            {
                participant.Unsubscribe(producer);
            }
        }
    }

    internal void OnAudioLevel(string participantId, byte level, bool voiceActivity) =>
        _speakers.OnAudioLevel(participantId, level, voiceActivity);

    public void Tick(long nowTicks)
    {
        // Iterate over a snapshot by index: a tick may remove a participant (consent expiry).
        for (int i = _participants.Count - 1; i >= 0; i--)
        {
            if (i < _participants.Count)
            {
                _participants[i].Tick(nowTicks);
            }
        }

        if (_speakers.Evaluate(nowTicks) && _speakers.ActiveSpeaker is { } speaker)
        {
            foreach (Participant participant in _participants)
            {
                participant.Observer.OnActiveSpeaker(speaker);
            }
        }
    }
}
