using Sfu.Engine;
using Signaling.Diagnostics;
using Signaling.Protocol;

namespace Signaling.Rooms;

/// <summary>A participant taken out of its room to free its seat, with the session to dispose outside the room lock.</summary>
internal readonly record struct Eviction(Participant Participant, string Reason, IPeerSession? Session);

/// <summary>
/// The one rule for seats held by participants that are not really there. When a join would be refused as full (its
/// room at <c>MaxParticipantsPerRoom</c>, the server at <c>MaxParticipants</c>, or <c>MaxRooms</c> rooms open), such a
/// participant is removed first and the joiner takes its seat, so dropped joins in their grace period and peers whose
/// ICE/DTLS never completed cannot keep real people out. Nothing is removed while there is room: a participant that is
/// reconnecting keeps its seat as long as nobody needs it.
/// Who goes first: a participant without socket whose media never connected, then one whose media has not connected
/// within <c>MediaConnectTimeout</c> of its join (reason <c>mediaTimeout</c>), then one without socket whose media did
/// connect (a real participant reconnecting, so last); among equals the earliest join.
/// </summary>
internal sealed class SeatReclaimer(RoomRegistry registry, SignalingOptions options, TimeProvider time)
{
    public const string RoomScope = "room";
    public const string ServerScope = "server";
    public const string RoomListScope = "room list";

    private const int KeepsSeat = int.MaxValue;

    /// <summary>Under <see cref="Room.Sync"/>: removes the room's weakest seat holder, if it has one.</summary>
    public Eviction? ReclaimInRoomLocked(Room room)
    {
        (Participant? weakest, _) = WeakestLocked(room, time.GetTimestamp());
        return weakest is null ? null : EvictLocked(weakest, tellOthers: true);
    }

    /// <summary>
    /// No lock held: removes the weakest seat holder of the whole server. False when every participant keeps its seat;
    /// true when one was removed (or left meanwhile), so a seat of the server may be free now.
    /// </summary>
    public bool ReclaimAnywhere(IReadOnlyList<Room> rooms)
    {
        long now = time.GetTimestamp();
        Room? chosen = null;
        (int Rank, long JoinedAt) best = (KeepsSeat, long.MaxValue);
        foreach (Room room in rooms)
        {
            lock (room.Sync)
            {
                (Participant? weakest, int rank) = WeakestLocked(room, now);
                if (weakest is not null && (rank, weakest.JoinedAt).CompareTo(best) < 0)
                {
                    (chosen, best) = (room, (rank, weakest.JoinedAt));
                }
            }
        }

        if (chosen is null)
        {
            return false;
        }

        Eviction? eviction;
        lock (chosen.Sync)
        {
            eviction = ReclaimInRoomLocked(chosen);
        }

        if (eviction is { } evicted)
        {
            Finish(evicted, ServerScope);
        }

        return true;
    }

    /// <summary>
    /// Under the registry lock: empties and closes one room none of whose participants keeps its seat (nobody there is
    /// told <c>participantLeft</c>, they all go), and removes it from <paramref name="rooms"/>. False when there is none.
    /// </summary>
    public bool ReclaimRoomLocked(Dictionary<string, Room> rooms, List<Eviction> evicted)
    {
        long now = time.GetTimestamp();
        Room? emptied = null;
        foreach (Room room in rooms.Values)
        {
            lock (room.Sync)
            {
                if (room.Closed || room.PendingJoins > 0 || !NobodyKeepsSeatLocked(room, now))
                {
                    continue;
                }

                foreach (Participant participant in room.Participants.Values.ToArray())
                {
                    evicted.Add(EvictLocked(participant, tellOthers: false));
                }

                room.Closed = true;
                emptied = room;
                break;
            }
        }

        if (emptied is null)
        {
            return false;
        }

        rooms.Remove(emptied.Id);
        return true;
    }

    /// <summary>No lock held: disposes the evicted session and logs why the participant went.</summary>
    public void Finish(Eviction eviction, string scope)
    {
        registry.FinishRemoval(eviction.Participant, eviction.Reason, eviction.Session);
        SignalingLog.SeatReclaimed(registry.Logger, eviction.Participant.Room.Id, eviction.Participant.Id, scope, eviction.Reason);
    }

    private Eviction EvictLocked(Participant participant, bool tellOthers)
    {
        // Without a socket the participant simply did not come back in time: the room hears what it would have heard
        // at the end of the grace period. With one, its media never came up, and it is told so before the close.
        string reason = participant.Sink is null ? LeaveReasons.Disconnected : LeaveReasons.MediaTimeout;
        return new Eviction(participant, reason, registry.DetachForRemovalLocked(participant, reason, notifySelf: true, tellOthers));
    }

    private (Participant? Weakest, int Rank) WeakestLocked(Room room, long now)
    {
        Participant? weakest = null;
        int weakestRank = KeepsSeat;
        foreach (Participant participant in room.Participants.Values)
        {
            int rank = RankLocked(participant, now);
            if (rank < weakestRank || (rank == weakestRank && rank != KeepsSeat && participant.JoinedAt < weakest!.JoinedAt))
            {
                (weakest, weakestRank) = (participant, rank);
            }
        }

        return (weakest, weakestRank);
    }

    private bool NobodyKeepsSeatLocked(Room room, long now)
    {
        foreach (Participant participant in room.Participants.Values)
        {
            if (RankLocked(participant, now) == KeepsSeat)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower gives up its seat first; <see cref="KeepsSeat"/> never does.</summary>
    private int RankLocked(Participant participant, long now)
    {
        bool detached = participant.Sink is null;
        if (detached && !participant.MediaConnected)
        {
            return 0;
        }

        if (!participant.MediaConnected && time.GetElapsedTime(participant.JoinedAt, now) >= options.MediaConnectTimeout)
        {
            return 1;
        }

        return detached ? 2 : KeepsSeat;
    }
}
