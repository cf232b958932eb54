using Signaling.Protocol;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>Maps each client message type to its handler.</summary>
internal sealed class MessageDispatcher
{
    private readonly Dictionary<string, IMessageHandler> _handlers = new(StringComparer.Ordinal)
    {
        [MessageTypes.Join] = new JoinHandler(),
        [MessageTypes.Offer] = new OfferHandler(),
        [MessageTypes.Answer] = new AnswerHandler(),
        [MessageTypes.Candidate] = new CandidateHandler(),
        [MessageTypes.Publish] = new PublishHandler(),
        [MessageTypes.Unpublish] = new UnpublishHandler(),
        [MessageTypes.Mute] = new MuteHandler(),
        [MessageTypes.Chat] = new ChatHandler(),
        [MessageTypes.Ping] = new PingHandler(),
        [MessageTypes.Leave] = new LeaveHandler(),
        [MessageTypes.VideoPreferences] = new VideoPreferencesHandler(),
    };

    public ValueTask DispatchAsync(SignalingSession session, string type, ClientMessage message)
    {
        if (_handlers.TryGetValue(type, out IMessageHandler? handler))
        {
            return handler.HandleAsync(session, message);
        }

        // The parser only lets known types through; this guards a parser/dispatcher mismatch.
        session.SendError(new ProtocolError(ErrorCodes.UnknownType, $"no handler for \"{type}\""), message.Id);
        return ValueTask.CompletedTask;
    }
}
