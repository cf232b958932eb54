using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Sdp;

namespace Sfu.Engine.Commands;

/// <summary>Applies a browser's offer or answer (parsed on the caller's thread) to its participant and reports the result.</summary>
internal sealed class NegotiateCommand(PeerSession session, SessionDescription description, bool isOffer) : WorkerCommand
{
    private readonly TaskCompletionSource<NegotiationResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<NegotiationResult> Completion => _result.Task;

    internal override void Execute()
    {
        Participant? participant = session.Participant;
        if (participant is null || participant.IsClosed)
        {
            _result.TrySetResult(NegotiationResult.Failed("the participant's media session has ended"));
            return;
        }

        _result.TrySetResult(isOffer ? participant.ApplyOffer(description) : participant.ApplyAnswer(description));
    }

    internal override void Abandon() => _result.TrySetResult(NegotiationResult.Failed("the media server is stopping"));

    internal override void Fail(Exception exception) =>
        _result.TrySetResult(NegotiationResult.Failed(isOffer ? "the server could not apply the offer" : "the server could not apply the answer"));
}
