using System.Net.WebSockets;
using Signaling.Auth;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>
/// <c>join</c>: resume with <c>resumeToken</c> when the participant is still in its grace period, otherwise a fresh
/// join authorized by the signed <c>token</c>. A resume does not need a still-valid token (a long meeting outlives
/// it): the resume token is itself a secret that only the participant's client has.
/// </summary>
internal sealed class JoinHandler : IMessageHandler
{
    public async ValueTask HandleAsync(SignalingSession session, ClientMessage message)
    {
        var join = (JoinMessage)message;
        if (session.Participant is { Removed: false } current && current.IsAttachedTo(session.Sink))
        {
            session.SendError(new ProtocolError(ErrorCodes.AlreadyJoined, "this connection already joined"), join.Id);
            return;
        }

        SignalingServices services = session.Services;
        if (services.Rooms.IsShuttingDown)
        {
            SendLeave(session, LeaveReasons.ServerShutdown);
            return;
        }

        JoinTokenPayload? grant = null;
        JoinTokenStatus status = JoinTokenStatus.Malformed;
        if (!string.IsNullOrEmpty(join.Token))
        {
            status = services.Tokens.Validate(join.Token, out grant);
        }

        if (!string.IsNullOrEmpty(join.ResumeToken))
        {
            if (services.Rooms.Resume(join.ResumeToken, grant?.Room, session.Sink, join.Id) is { } resumed)
            {
                session.Participant = resumed;
                return;
            }

            // Kicked or the meeting ended while this participant's socket was down: tell it now, rather than let the
            // (fresh) token make it a new participant behind the operator's back.
            if (services.Rooms.DepartureReason(join.ResumeToken) is { } departed)
            {
                SendLeave(session, departed);
                return;
            }
        }

        if (grant is null)
        {
            string reason = string.IsNullOrEmpty(join.Token) ? "the resume token is unknown or expired; join with a token" : Describe(status);
            SignalingLog.JoinRefused(services.Logger, session.ConnectionId, reason);
            session.SendError(new ProtocolError(ErrorCodes.Unauthorized, reason), join.Id);
            session.Sink.Close(WebSocketCloseStatus.PolicyViolation, ErrorCodes.Unauthorized);
            return;
        }

        if (services.Meetings is { } meetings && await AdmitAsync(session, meetings, grant, join.Id) is false)
        {
            return;
        }

        JoinResult result = await services.Rooms.JoinAsync(grant, session.Sink, join.Id);
        if (result.LeaveReason is { } leaveReason)
        {
            SendLeave(session, leaveReason);
            return;
        }

        if (result.Error is not null)
        {
            SignalingLog.JoinRefused(services.Logger, session.ConnectionId, result.Error.Message);
            session.SendError(result.Error, join.Id);
            return;
        }

        session.Participant = result.Participant;
        if (services.Meetings is { } store && result.Participant is { } joined)
        {
            await RecordJoinAndSendHistoryAsync(session, store, grant, joined);
        }
    }

    /// <summary>Asks the meetings store whether the token's participant may join now (not ended, locked or removed).</summary>
    private static async ValueTask<bool> AdmitAsync(SignalingSession session, IMeetingHooks meetings, JoinTokenPayload grant, string? requestId)
    {
        ProtocolError? refusal;
        try
        {
            refusal = await meetings.AdmitAsync(grant, CancellationToken.None);
        }
        catch (Exception e)
        {
            SignalingLog.AdmissionFailed(session.Services.Logger, grant.Room, grant.ParticipantId, e);
            refusal = new ProtocolError(ErrorCodes.NegotiationFailed, "the meeting could not be checked; try again");
        }

        if (refusal is null)
        {
            return true;
        }

        SignalingLog.JoinRefused(session.Services.Logger, session.ConnectionId, refusal.Message);
        session.SendError(refusal, requestId);
        if (refusal.Code != ErrorCodes.NegotiationFailed)
        {
            session.Sink.Close(WebSocketCloseStatus.PolicyViolation, refusal.Code);
        }

        return false;
    }

    /// <summary>The attendance row gets its join time; then the late joiner gets the meeting's recent chat.</summary>
    private static async ValueTask RecordJoinAndSendHistoryAsync(SignalingSession session, IMeetingHooks meetings, JoinTokenPayload grant, Participant participant)
    {
        try
        {
            await meetings.JoinedAsync(grant, session.Services.Time.GetUtcNow());
            IReadOnlyList<ChatBroadcastMessage> history = await meetings.RecentChatAsync(grant.Room, CancellationToken.None);
            foreach (ChatBroadcastMessage message in history)
            {
                session.Send(message);
            }
        }
        catch (Exception e)
        {
            SignalingLog.AttendanceFailed(session.Services.Logger, grant.Room, participant.Id, "joined", e);
        }
    }

    private static void SendLeave(SignalingSession session, string reason)
    {
        SignalingLog.JoinRefused(session.Services.Logger, session.ConnectionId, reason);
        session.Send(new LeaveMessage { Reason = reason });
        session.Sink.Close(RoomRegistry.CloseStatusFor(reason), reason);
    }

    private static string Describe(JoinTokenStatus status) => status switch
    {
        JoinTokenStatus.Expired => "the meeting token has expired",
        JoinTokenStatus.BadSignature => "the meeting token's signature is not valid",
        JoinTokenStatus.InvalidClaims => "the meeting token's room or name is not valid",
        _ => "the meeting token is malformed",
    };
}
