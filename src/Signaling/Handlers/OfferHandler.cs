using Sfu.Engine;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>
/// A browser <c>offer</c> (it publishes or changes tracks). The server is the impolite peer of perfect negotiation:
/// while its own offer is unanswered it refuses with <c>glare</c>; the polite browser answers the server's offer and
/// then offers again.
/// </summary>
internal sealed class OfferHandler : JoinedMessageHandler<SdpMessage>
{
    protected override void Handle(SignalingSession session, Participant participant, SdpMessage message)
    {
        IPeerSession? peer;
        lock (participant.Room.Sync)
        {
            peer = participant.Session;
            if (peer is null || participant.Removed)
            {
                session.SendError(NotJoined(), message.Id);
                return;
            }

            if (participant.PendingServerOffer is not null)
            {
                session.SendError(new ProtocolError(ErrorCodes.Glare, "the server's offer is pending: answer it, then offer again"), message.Id);
                return;
            }

            participant.HandlingBrowserOffer = true;
        }

        string? answer = null;
        ProtocolError? error = null;
        try
        {
            answer = peer.HandleOffer(message.Sdp!);
        }
        catch (SdpNegotiationException e)
        {
            SignalingLog.NegotiationFailed(session.Services.Logger, participant.Id, e.Message);
            error = new ProtocolError(ErrorCodes.NegotiationFailed, e.Message);
        }
        catch (Exception e)
        {
            SignalingLog.EngineError(session.Services.Logger, participant.Id, e);
            error = new ProtocolError(ErrorCodes.NegotiationFailed, "the server could not apply the offer");
        }

        lock (participant.Room.Sync)
        {
            participant.HandlingBrowserOffer = false;
            if (answer is not null)
            {
                session.Send(new ServerSdpMessage(MessageTypes.Answer, answer) { Id = message.Id });
            }

            // A server offer that arrived while the engine was answering goes out only now, after the answer.
            if (participant.DeferredServerOffer is { } deferred)
            {
                participant.DeferredServerOffer = null;
                if (!participant.Removed)
                {
                    participant.OfferLocked(deferred);
                }
            }
        }

        if (error is not null)
        {
            session.SendError(error, message.Id);
        }
    }
}
