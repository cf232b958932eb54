using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// An offer the server sent and whose answer has not been applied yet. <see cref="TryApplyAnswer(SessionDescription, out string?)"/>
/// checks the answer against it and produces the new <see cref="NegotiatedSession"/>.
/// </summary>
public sealed class PendingOffer
{
    internal PendingOffer(SessionDescription offer, List<NegotiatedMedia> plans, NegotiatedSession? previous, CodecPolicy policy, ulong sessionId, ulong sessionVersion)
    {
        Offer = offer;
        Plans = plans;
        Previous = previous;
        Policy = policy;
        SessionId = sessionId;
        SessionVersion = sessionVersion;
        var midByTrack = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            if (plan.LocalTrack is { } track)
            {
                midByTrack[track.TrackId] = plan.Mid;
            }
        }

        MidByTrackId = midByTrack;
    }

    /// <summary>The offer to send; <c>Offer.ToString()</c> is the SDP text.</summary>
    public SessionDescription Offer { get; }

    /// <summary>Where each outgoing track was placed.</summary>
    public IReadOnlyDictionary<string, string> MidByTrackId { get; }

    /// <summary>Set by a successful <see cref="TryApplyAnswer(SessionDescription, out string?)"/>.</summary>
    public NegotiatedSession? Negotiated { get; private set; }

    /// <summary>The m= lines as offered (server view), in order.</summary>
    internal List<NegotiatedMedia> Plans { get; }

    internal NegotiatedSession? Previous { get; }

    internal CodecPolicy Policy { get; }

    internal ulong SessionId { get; }

    internal ulong SessionVersion { get; }

    /// <summary>Checks the browser's answer (same mids in the same order, compatible directions, offered payload types only,
    /// rtcp-mux, setup:active) and records what it chose. Never throws.</summary>
    public bool TryApplyAnswer(SessionDescription answer, out string? error)
        => TryApplyAnswer(answer, out _, out error);

    public bool TryApplyAnswer(SessionDescription answer, out NegotiatedSession? negotiated, out string? error)
    {
        if (!AnswerApplier.TryApply(this, answer, out negotiated, out error))
        {
            return false;
        }

        Negotiated = negotiated;
        return true;
    }
}
