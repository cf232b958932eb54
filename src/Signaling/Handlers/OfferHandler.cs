using Sfu.Engine;
using Sfu.Negotiation;
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
internal sealed class OfferHandler : AsyncJoinedMessageHandler<SdpMessage>
{
    protected override async ValueTask HandleAsync(SignalingSession session, Participant participant, SdpMessage message)
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

        NegotiationResult result;
        try
        {
            result = await peer.HandleOfferAsync(message.Sdp!);
        }
        catch (Exception e)
        {
            // A bug or a stopping engine, not the browser's fault: the connection stays usable.
            SignalingLog.EngineError(session.Services.Logger, participant.Id, e);
            result = NegotiationResult.Failed("the server could not apply the offer");
        }

        string? answer = result.Sdp;
        ProtocolError? error = null;
        if (!result.Succeeded)
        {
            SignalingLog.NegotiationFailed(session.Services.Logger, participant.Id, result.Error!);
            error = new ProtocolError(result.IsGlare ? ErrorCodes.Glare : ErrorCodes.NegotiationFailed, result.Error!);
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

        if (answer is not null)
        {
            Diagnostics.NegotiationLog.BrowserOfferAnswered(session.Services.Logger, participant.Id); // outside the room lock
        }

        if (error is not null)
        {
            session.SendError(error, message.Id);
        }
    }
}
