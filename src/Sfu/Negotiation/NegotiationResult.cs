namespace Sfu.Negotiation;

/// <summary>
/// The outcome of applying a remote offer or answer, as a value: the answer to send back (for an offer), or why the
/// description was refused. Refusals are expected input (a bad or colliding description), so they are never
/// exceptions, and the engine's state is unchanged by a refused description.
/// </summary>
public readonly record struct NegotiationResult
{
    private NegotiationResult(string? sdp, string? error, bool isGlare)
    {
        Sdp = sdp;
        Error = error;
        IsGlare = isGlare;
    }

    /// <summary>The SDP answer to an applied offer; null for an applied answer or a failure.</summary>
    public string? Sdp { get; }

    /// <summary>Why the description was refused, in words a client developer can act on; null on success.</summary>
    public string? Error { get; }

    /// <summary>
    /// The remote offer crossed a pending local offer (RFC 8829 section 4.1.8.1, "perfect negotiation"): the remote side
    /// rolls back, answers the pending offer, and offers again.
    /// </summary>
    public bool IsGlare { get; }

    public bool Succeeded => Error is null;

    public static NegotiationResult Answered(string answerSdp) => new(answerSdp, null, false);

    public static NegotiationResult Applied() => new(null, null, false);

    public static NegotiationResult Failed(string reason) => new(null, reason, false);

    public static NegotiationResult Glare(string reason) => new(null, reason, true);
}
