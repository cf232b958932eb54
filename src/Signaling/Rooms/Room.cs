using Signaling.Protocol;

namespace Signaling.Rooms;

/// <summary>
/// Membership and shared state of one meeting room. One lock (<see cref="Sync"/>) guards the room and its
/// participants: signaling is not the packet path, and sends under it only queue.
/// </summary>
public sealed class Room
{
    private long _chatSequence;

    internal Room(string id) => Id = id;

    public string Id { get; }

    internal object Sync { get; } = new();

    internal Dictionary<string, Participant> Participants { get; } = new(StringComparer.Ordinal);

    /// <summary>Joins between their capacity check and their insertion; a room with pending joins is not closed.</summary>
    internal int PendingJoins { get; set; }

    /// <summary>Set when the registry dropped this room; a join that still holds it gets a fresh one.</summary>
    internal bool Closed { get; set; }

    internal string? ActiveSpeaker { get; set; }

    /// <summary>Ids of the current participants (a copy).</summary>
    public IReadOnlyList<string> ParticipantIds()
    {
        lock (Sync)
        {
            return [.. Participants.Keys];
        }
    }

    public int Count
    {
        get
        {
            lock (Sync)
            {
                return Participants.Count;
            }
        }
    }

    internal string NextChatIdLocked() => "c" + (++_chatSequence).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Under <see cref="Sync"/>: queues one message to every attached participant except <paramref name="except"/>.</summary>
    internal void BroadcastLocked(ServerMessage message, Participant? except = null)
    {
        byte[] encoded = ServerMessageEncoder.Encode(message);
        foreach (Participant participant in Participants.Values)
        {
            if (!ReferenceEquals(participant, except))
            {
                participant.SendLocked(encoded);
            }
        }
    }

    /// <summary>Under <see cref="Sync"/>: the other participants with their tracks, for <c>joined</c>.</summary>
    internal List<ParticipantInfo> SnapshotLocked(Participant except)
    {
        var list = new List<ParticipantInfo>(Participants.Count);
        foreach (Participant participant in Participants.Values)
        {
            if (!ReferenceEquals(participant, except))
            {
                list.Add(participant.ToInfoLocked());
            }
        }

        return list;
    }
}
