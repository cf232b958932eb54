using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Sdp;

namespace Sfu.Engine;

/// <summary>
/// The thread-safe face of a <see cref="Participant"/>: parses SDP on the caller's thread and applies it on
/// the media worker, where the participant lives.
/// </summary>
internal sealed class PeerSession(SfuEngine engine, string roomId, Participant participant) : IPeerSession
{
    private int _disposed;

    public string RoomId { get; } = roomId;

    public string ParticipantId => participant.ParticipantId;

    public string HandleOffer(string offerSdp)
    {
        SessionDescription offer = Parse(offerSdp, "offer");
        NegotiationResult result = engine.Invoke(() => participant.ApplyOffer(offer));
        return result.Succeeded ? result.Sdp! : throw new SdpNegotiationException(result.Error!, result.IsGlare);
    }

    public void HandleAnswer(string answerSdp)
    {
        SessionDescription answer = Parse(answerSdp, "answer");
        NegotiationResult result = engine.Invoke(() => participant.ApplyAnswer(answer));
        if (!result.Succeeded)
        {
            throw new SdpNegotiationException(result.Error!);
        }
    }

    public void SetTrackMuted(string trackId, bool muted)
    {
        ArgumentNullException.ThrowIfNull(trackId);
        engine.Post(() => participant.SetTrackMuted(trackId, muted));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            engine.Post(() => engine.RemoveParticipant(RoomId, participant));
        }
    }

    private static SessionDescription Parse(string sdp, string what)
    {
        if (string.IsNullOrWhiteSpace(sdp))
        {
            throw new SdpNegotiationException($"the {what} is empty");
        }

        if (!SessionDescription.TryParse(sdp, out SessionDescription? parsed, out string? error))
        {
            throw new SdpNegotiationException($"the {what} is not valid SDP: {error}");
        }

        return parsed!;
    }
}
