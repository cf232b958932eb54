using Sfu.Engine;
using Sfu.Negotiation;
using Signaling.Diagnostics;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>The browser's <c>answer</c> to the server's pending offer.</summary>
internal sealed class AnswerHandler : AsyncJoinedMessageHandler<SdpMessage>
{
    protected override async ValueTask HandleAsync(SignalingSession session, Participant participant, SdpMessage message)
    {
        IPeerSession? peer;
        long generation;
        lock (participant.Room.Sync)
        {
            peer = participant.Session;
            if (peer is null || participant.Removed)
            {
                session.SendError(NotJoined(), message.Id);
                return;
            }

            if (participant.PendingServerOffer is null)
            {
                session.SendError(new ProtocolError(ErrorCodes.NegotiationFailed, "no server offer is pending"), message.Id);
                return;
            }

            generation = participant.ServerOfferGeneration;
        }

        NegotiationResult result;
        try
        {
            result = await peer.HandleAnswerAsync(message.Sdp!);
        }
        catch (Exception e)
        {
            SignalingLog.EngineError(session.Services.Logger, participant.Id, e);
            result = NegotiationResult.Failed("the server could not apply the answer");
        }

        ProtocolError? error = null;
        if (!result.Succeeded)
        {
            SignalingLog.NegotiationFailed(session.Services.Logger, participant.Id, result.Error!);
            error = new ProtocolError(ErrorCodes.NegotiationFailed, result.Error!);
        }

        lock (participant.Room.Sync)
        {
            // Settled either way (a failed answer is the engine's to re-offer), unless a newer offer replaced it meanwhile.
            if (participant.ServerOfferGeneration == generation)
            {
                participant.PendingServerOffer = null;
            }
        }

        if (error is not null)
        {
            session.SendError(error, message.Id);
        }
    }
}
