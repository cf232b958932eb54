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
