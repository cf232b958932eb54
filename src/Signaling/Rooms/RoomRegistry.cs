using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sfu.Engine;
using Signaling.Auth;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Sessions;
using Signaling.Turn;

namespace Signaling.Rooms;

/// <summary>The outcome of a join or resume: the participant, or the error to send.</summary>
/// <param name="LeaveReason">Set instead of an error when the connection must get <c>leave {reason}</c> (the server is stopping).</param>
public readonly record struct JoinResult(Participant? Participant, ProtocolError? Error, string? LeaveReason = null);

/// <summary>
/// All rooms and their membership: join, resume within the grace period, detach on a dropped socket, removal
/// (leave, transport closed, grace expiry; kick, meeting end and shutdown through <see cref="ServerLeaves"/>). The room
/// map and seats are <see cref="RoomDirectory"/>'s. Lock order: the directory's lock, then a room's lock; the engine is
/// never called under either.
/// </summary>
public sealed class RoomRegistry
{
    private readonly ConcurrentDictionary<string, Participant> _byResumeToken = new(StringComparer.Ordinal);
    private readonly ISfuEngine _engine;
    private readonly SignalingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RoomRegistry> _logger;
    private readonly SeatReclaimer _reclaimer;
    private readonly RoomDirectory _directory;
    private readonly ServerLeaves _leaves;
    private readonly IMeetingHooks? _meetings;
    private readonly TurnCredentials? _turn;

    /// <param name="meetings">The meetings API's hooks (lifecycle, attendance, chat storage); null without a database.</param>
    /// <param name="turn">Issues each participant its own TURN credential in <c>joined</c> (null or not enabled: no TURN server is handed out).</param>
    public RoomRegistry(ISfuEngine engine, IOptions<SignalingOptions> options, TimeProvider time, ILogger<RoomRegistry> logger, IMeetingHooks? meetings = null, TurnCredentials? turn = null)
    {
        _meetings = meetings;
        _turn = turn;
        _engine = engine;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _reclaimer = new SeatReclaimer(this, _options, time);
        _directory = new RoomDirectory(_options, _reclaimer);
        _leaves = new ServerLeaves(this, _directory, new DepartureLog(time, _options.ReconnectGrace), logger);
    }

    /// <summary>Seats of the server in use: participants of every room and joins in progress.</summary>
    public int ParticipantCount => _directory.ParticipantCount;

    public int RoomCount => _directory.RoomCount;

    /// <summary>True once <see cref="ShutDown"/> ran: joins and resumes get <c>leave {reason: "serverShutdown"}</c>.</summary>
    public bool IsShuttingDown => _leaves.IsShuttingDown;

    public Room? FindRoom(string roomId) => _directory.FindRoom(roomId);

    /// <summary>Every room with participants (by room id; participants by name), for operators.</summary>
    public IReadOnlyList<RoomSummary> ListRooms() => _directory.ListRooms();

    internal ILogger Logger => _logger;

    /// <summary>Adds a new participant (a fresh media session) and attaches <paramref name="sink"/> to it.</summary>
    public async Task<JoinResult> JoinAsync(JoinTokenPayload grant, IMessageSink sink, string? requestId)
    {
        if (_leaves.IsShuttingDown)
        {
            return new JoinResult(null, null, LeaveReasons.ServerShutdown);
        }

        string participantId = grant.ParticipantId ?? NewParticipantId();
        if (grant.ParticipantId is not null && FindRoom(grant.Room) is { } existingRoom)
        {
            // The same identity joins again (a second tab, or a client that lost its resume token): the newer wins,
            // and the old session is gone before the engine sees the id again.
            Participant? previous;
            lock (existingRoom.Sync)
            {
                previous = existingRoom.Participants.GetValueOrDefault(participantId);
            }

            if (previous is not null)
            {
                Remove(previous, LeaveReasons.Replaced, notifySelf: true);
            }
        }

        (Room? reserved, ProtocolError? refusal) = _directory.ReserveSeat(grant.Room, participantId);
        if (reserved is not { } room)
        {
            return new JoinResult(null, refusal);
        }

        var participant = new Participant(room, participantId, grant.Name, NewResumeToken(), new TokenBucket(_time, _options.ChatBurst, _options.ChatPerSecond))
        {
            JoinedAt = _time.GetTimestamp(),
        };
        IPeerSession session;
        try
        {
            session = await _engine.CreatePeerAsync(room.Id, participantId, new ParticipantObserver(this, participant));
        }
        catch (Exception e)
        {
            SignalingLog.CreatePeerFailed(_logger, room.Id, participantId, e);
            _directory.ReleaseSeat(room);
            return new JoinResult(null, new ProtocolError(ErrorCodes.NegotiationFailed, "the media session could not be created"));
        }

        IPeerSession? replacedSession = null;
        bool admitted;
        bool shuttingDown;
        lock (room.Sync)
        {
            room.PendingJoins--;
            // Read under the room lock: a shutdown sweep that already emptied this room set the flag before taking it.
            shuttingDown = _leaves.IsShuttingDown;
            if (room.Participants.TryGetValue(participantId, out Participant? raced))
            {
                replacedSession = DetachForRemovalLocked(raced, LeaveReasons.Replaced, notifySelf: true);
            }

            admitted = !shuttingDown && room.Participants.Count < _options.MaxParticipantsPerRoom;
            if (admitted)
            {
                participant.Session = session;
                room.Participants.Add(participantId, participant);
                _byResumeToken[participant.ResumeToken] = participant;
                AttachLocked(participant, sink, requestId, resumed: false);
                room.BroadcastLocked(new ParticipantJoinedMessage { ParticipantId = participantId, Name = participant.Name }, except: participant);
            }
        }

        DisposeQuietly(replacedSession);
        if (!admitted)
        {
            DisposeQuietly(session);
            _directory.ReleaseServerSeat();
            _directory.TryCloseRoom(room);
            if (shuttingDown)
            {
                return new JoinResult(null, null, LeaveReasons.ServerShutdown);
            }

            return new JoinResult(null, _directory.RoomFull());
        }

        SignalingLog.ParticipantJoined(_logger, room.Id, participantId);
        return new JoinResult(participant, null);
    }

    /// <summary>
    /// Re-attaches <paramref name="sink"/> to the participant of <paramref name="resumeToken"/> if it is still in its
    /// room (and in <paramref name="expectedRoom"/>, when given). Null when there is nothing to resume.
    /// </summary>
    public Participant? Resume(string resumeToken, string? expectedRoom, IMessageSink sink, string? requestId)
    {
        if (!_byResumeToken.TryGetValue(resumeToken, out Participant? participant))
        {
            return null;
        }

        Room room = participant.Room;
        lock (room.Sync)
        {
            if (participant.Removed || (expectedRoom is not null && expectedRoom != room.Id))
            {
                return null;
            }

            if (participant.Sink is { } previous && !ReferenceEquals(previous, sink))
            {
                // The old socket is still open from our side (its drop not noticed yet): it gets told and closed.
                previous.TrySend(ServerMessageEncoder.Encode(new LeaveMessage { Reason = LeaveReasons.Replaced }));
                previous.Close(WebSocketCloseStatus.NormalClosure, LeaveReasons.Replaced);
            }

            AttachLocked(participant, sink, requestId, resumed: true);
        }

        SignalingLog.ParticipantResumed(_logger, room.Id, participant.Id);
        return participant;
    }

    /// <summary>The socket of <paramref name="sink"/> dropped: the participant waits for a resume for the grace period.</summary>
    public void Detach(Participant participant, IMessageSink sink)
    {
        lock (participant.Room.Sync)
        {
            if (participant.Removed || !ReferenceEquals(participant.Sink, sink))
            {
                return;
            }

            participant.Sink = null;
            long generation = ++participant.AttachGeneration;
            participant.GraceTimer?.Dispose();
            participant.GraceTimer = _time.CreateTimer(
                _ => ExpireGrace(participant, generation), null, _options.ReconnectGrace, Timeout.InfiniteTimeSpan);
        }

        SignalingLog.ParticipantDetached(_logger, participant.Room.Id, participant.Id);
    }

    /// <summary>Removes the participant for good: disposes its media session and tells the room.</summary>
    /// <param name="notifySelf">Send the participant's own connection <c>leave {reason}</c> and close it.</param>
    public bool Remove(Participant participant, string reason, bool notifySelf)
    {
        IPeerSession? session;
        lock (participant.Room.Sync)
        {
            if (participant.Removed)
            {
                return false;
            }

            session = DetachForRemovalLocked(participant, reason, notifySelf);
        }

        FinishRemoval(participant, reason, session);
        return true;
    }

    /// <summary>No lock held, after <see cref="DetachForRemovalLocked"/>: disposes the session and drops an emptied room.</summary>
    internal void FinishRemoval(Participant participant, string reason, IPeerSession? session)
    {
        DisposeQuietly(session);
        _directory.TryCloseRoom(participant.Room);
        SignalingLog.ParticipantRemoved(_logger, participant.Room.Id, participant.Id, reason);
        RecordLeft(participant, reason);
    }

    /// <summary>Tells the meetings store (when there is one) that the participant's attendance ended.</summary>
    internal void RecordLeft(Participant participant, string reason)
    {
        if (_meetings is null)
        {
            return;
        }

        try
        {
            _meetings.Left(participant.Room.Id, participant.Id, reason, _time.GetUtcNow());
        }
        catch (Exception e)
        {
            SignalingLog.AttendanceFailed(_logger, participant.Room.Id, participant.Id, "left", e);
        }
    }

    private void ExpireGrace(Participant participant, long generation)
    {
        IPeerSession? session;
        lock (participant.Room.Sync)
        {
            if (participant.Removed || participant.Sink is not null || participant.AttachGeneration != generation)
            {
                return;
            }

            session = DetachForRemovalLocked(participant, LeaveReasons.Disconnected, notifySelf: false);
        }

        FinishRemoval(participant, LeaveReasons.Disconnected, session);
    }

    /// <summary>Under the room lock: sends <c>joined</c> (and a server offer that waited for a connection).</summary>
    private void AttachLocked(Participant participant, IMessageSink sink, string? requestId, bool resumed)
    {
        Room room = participant.Room;
        participant.Sink = sink;
        participant.AttachGeneration++;
        participant.GraceTimer?.Dispose();
        participant.GraceTimer = null;
        participant.SendLocked(ServerMessageEncoder.Encode(new JoinedMessage
        {
            Id = requestId,
            ParticipantId = participant.Id,
            Name = participant.Name,
            Room = room.Id,
            ResumeToken = participant.ResumeToken,
            Resumed = resumed,
            Participants = room.SnapshotLocked(except: participant),
            IceServers = IceServers(participant.Id),
            ActiveSpeaker = room.ActiveSpeaker,
        }));

        if (participant.PendingServerOffer is { } offer)
        {
            // Sent before (and maybe lost with the old socket) or created while nobody was attached.
            participant.SendLocked(ServerMessageEncoder.Encode(new ServerSdpMessage(MessageTypes.Offer, offer)));
        }
    }

    /// <summary>Under the room lock: takes the participant out of the room; returns the session to dispose outside the lock.</summary>
    /// <param name="tellOthers">Broadcast <c>participantLeft</c> (not when the whole room is leaving at once).</param>
    internal IPeerSession? DetachForRemovalLocked(Participant participant, string reason, bool notifySelf, bool tellOthers = true)
    {
        Room room = participant.Room;
        if (!participant.Removed)
        {
            _directory.ReleaseServerSeat();
        }

        participant.MarkRemoved();
        room.Participants.Remove(participant.Id);
        _byResumeToken.TryRemove(participant.ResumeToken, out _);
        participant.GraceTimer?.Dispose();
        participant.GraceTimer = null;
        if (notifySelf && participant.Sink is { } sink)
        {
            sink.TrySend(ServerMessageEncoder.Encode(new LeaveMessage { Reason = reason }));
            sink.Close(CloseStatusFor(reason), reason);
        }

        participant.Sink = null;
        if (room.ActiveSpeaker == participant.Id)
        {
            room.ActiveSpeaker = null;
        }

        if (tellOthers)
        {
            room.BroadcastLocked(new ParticipantLeftMessage { ParticipantId = participant.Id, Reason = reason });
        }

        IPeerSession? session = participant.Session;
        participant.Session = null;
        return session;
    }

    /// <summary>The configured STUN servers, and a TURN credential of this participant's own (a fresh expiry at each join and resume).</summary>
    private List<IceServerInfo> IceServers(string participantId)
    {
        var list = new List<IceServerInfo>(_options.IceServers.Count + 1);
        foreach (IceServerOptions server in _options.IceServers)
        {
            list.Add(new IceServerInfo { Urls = server.Urls, Username = server.Username, Credential = server.Credential });
        }

        if (_turn is { Enabled: true })
        {
            TurnCredential credential = _turn.Issue(participantId);
            list.Add(new IceServerInfo { Urls = _turn.Urls, Username = credential.Username, Credential = credential.Password });
        }

        return list;
    }

    internal void DisposeQuietly(IPeerSession? session)
    {
        if (session is null)
        {
            return;
        }

        try
        {
            session.Dispose();
        }
        catch (Exception e)
        {
            SignalingLog.SessionDisposeFailed(_logger, session.RoomId, session.ParticipantId, e);
        }
    }

    private static string NewParticipantId() => "p" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static string NewResumeToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    /// <summary>Server-initiated leave of one participant: <c>leave {reason}</c> to it, <c>participantLeft {reason}</c> to the others.</summary>
    public bool Kick(string roomId, string participantId, string reason = LeaveReasons.Kicked) => _leaves.Kick(roomId, participantId, reason);

    /// <summary>Ends a meeting: every participant gets <c>leave {reason}</c> and is removed at once. Returns how many.</summary>
    public int EndMeeting(string roomId, string reason = LeaveReasons.MeetingEnded) => _leaves.EndMeeting(roomId, reason);

    /// <summary>The host is stopping: everyone gets <c>leave {reason: "serverShutdown"}</c>, later joins too. Idempotent.</summary>
    public int ShutDown() => _leaves.ShutDown();

    /// <summary>Why the server removed the participant of <paramref name="resumeToken"/> within the grace period, or <c>serverShutdown</c>.</summary>
    public string? DepartureReason(string resumeToken) => _leaves.DepartureReason(resumeToken);

    /// <summary>The close status after a server-initiated <c>leave</c>: 1001 (going away) when the server stops, else 1000.</summary>
    internal static WebSocketCloseStatus CloseStatusFor(string reason) =>
        reason == LeaveReasons.ServerShutdown ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure;
}
