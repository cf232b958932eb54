using System.Net;
using Sfu.Ice;
using Sfu.Wire.Stun;

namespace Sfu.Client;

/// <summary>What <see cref="ClientCheckAnswerer"/> decided about a datagram.</summary>
internal enum ClientCheckOutcome
{
    /// <summary>Not a Binding request for us, or not authenticated with our pwd: dropped without an answer.</summary>
    Ignored,

    /// <summary>A success response was written.</summary>
    Answered,

    /// <summary>Both sides claim our role and our tie-breaker wins: a 487 was written (RFC 8445 section 7.3.1.1).</summary>
    RoleConflict,

    /// <summary>Both sides claim our role and theirs wins: we take the other role, and a success response was written.</summary>
    SwitchedRole,
}

/// <summary>
/// Answers the connectivity checks a full ICE agent (Janus in its default mode) sends us. An ICE-lite server never
/// checks, but a full agent only takes a pair as valid once its own check on it succeeds (RFC 8445 section 7.2.5.3),
/// so without answers it never leaves "connecting" and drops our DTLS. Requests must carry USERNAME "ourUfrag:..."
/// and MESSAGE-INTEGRITY with our pwd (RFC 8445 section 7.2.2); others are dropped, as the server's lite responder does.
/// </summary>
internal static class ClientCheckAnswerer
{
    private const ushort BindingMethod = 0x001;

    /// <summary>
    /// Checks <paramref name="request"/> against our credentials and role and writes the answer into
    /// <paramref name="response"/> (at least 128 bytes). <paramref name="from"/> is where the request came from (the
    /// XOR-MAPPED-ADDRESS of a success). <paramref name="controlling"/> is our current role; on
    /// <see cref="ClientCheckOutcome.SwitchedRole"/> the caller flips it.
    /// </summary>
    public static ClientCheckOutcome Answer(
        ReadOnlySpan<byte> request,
        IceCredentials credentials,
        bool controlling,
        ulong tieBreaker,
        IPEndPoint from,
        Span<byte> response,
        out int responseLength)
    {
        responseLength = 0;
        if (!StunMessage.TryRead(request, out StunMessage message)
            || message.Class != StunMessageClass.Request || message.Method != BindingMethod
            || (message.HasFingerprint && !message.VerifyFingerprint())
            || !message.TryGetUsername(out ReadOnlySpan<byte> username) || !message.HasMessageIntegrity
            || !IceUsername.TryParse(username, out ReadOnlySpan<byte> recipient, out _)
            || !recipient.SequenceEqual(credentials.LocalUfragBytes)
            || !message.VerifyMessageIntegrity(credentials.LocalPwdBytes))
        {
            return ClientCheckOutcome.Ignored;
        }

        // RFC 8445 section 7.3.1.1: a conflict is the same role on both sides; the larger tie-breaker controls.
        bool conflict = controlling ? message.TryGetIceControlling(out ulong theirs) : message.TryGetIceControlled(out theirs);
        bool weControlAfterConflict = tieBreaker >= theirs;
        if (conflict && weControlAfterConflict == controlling)
        {
            var error = new StunWriter(response, StunMessageType.BindingErrorResponse, message.TransactionId);
            error.AddErrorCode(StunErrorCode.RoleConflict, StunErrorCode.RoleConflictReason);
            error.AddMessageIntegrity(credentials.LocalPwdBytes);
            error.AddFingerprint();
            responseLength = error.HasOverflowed ? 0 : error.Length;
            return ClientCheckOutcome.RoleConflict;
        }

        // RFC 8445 section 7.3.1.4 / RFC 5389 section 10.1.2: XOR-MAPPED-ADDRESS of the source, our pwd, FINGERPRINT.
        var writer = new StunWriter(response, StunMessageType.BindingSuccessResponse, message.TransactionId);
        writer.AddXorMappedAddress(from);
        writer.AddMessageIntegrity(credentials.LocalPwdBytes);
        writer.AddFingerprint();
        responseLength = writer.HasOverflowed ? 0 : writer.Length;
        return conflict ? ClientCheckOutcome.SwitchedRole : ClientCheckOutcome.Answered;
    }
}
