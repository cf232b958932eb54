using System.Net;
using Sfu.Wire.Stun;

namespace Sfu.Ice;

/// <summary>
/// The ICE-lite side of a connectivity check (RFC 8445 sections 2.5 and 7.3, short-term credentials per
/// RFC 5389 section 10.1.2): validate a Binding request sent to us and write the answer into a caller's
/// buffer. A lite agent is always controlled and never sends checks of its own. No sockets, no allocation.
/// </summary>
public static class IceBindingResponder
{
    /// <summary>A response buffer of this size always fits any answer we write.</summary>
    public const int MaxResponseLength = 128;

    // 420 responses list at most this many unknown types; more would only make the answer bigger.
    private const int MaxReportedUnknownAttributes = 8;

    private const ushort BindingMethod = 0x001;

    /// <summary>
    /// Parses <paramref name="request"/> and answers it; see <see cref="Respond(in StunMessage, IceCredentials, SocketAddress, Span{byte}, out int, out bool)"/>.
    /// </summary>
    public static IceBindingResult Respond(
        ReadOnlySpan<byte> request,
        IceCredentials credentials,
        SocketAddress remoteAddress,
        Span<byte> response,
        out int responseLength,
        out bool useCandidate)
    {
        if (!StunMessage.TryRead(request, out StunMessage message))
        {
            responseLength = 0;
            useCandidate = false;
            return IceBindingResult.Malformed;
        }

        return Respond(in message, credentials, remoteAddress, response, out responseLength, out useCandidate);
    }

    /// <summary>
    /// Validates an already parsed request, in the order RFC 5389 section 10.1.2 and RFC 8445 section 7.3 give,
    /// and writes the answer. <paramref name="responseLength"/> is 0 when there is nothing to send (silent drops,
    /// or a response buffer smaller than <see cref="MaxResponseLength"/> that could not hold it).
    /// <paramref name="useCandidate"/> is true only for <see cref="IceBindingResult.Ok"/> with USE-CANDIDATE:
    /// the controlling peer nominates this address (RFC 8445 section 7.3.1.5).
    /// </summary>
    public static IceBindingResult Respond(
        in StunMessage request,
        IceCredentials credentials,
        SocketAddress remoteAddress,
        Span<byte> response,
        out int responseLength,
        out bool useCandidate)
    {
        responseLength = 0;
        useCandidate = false;

        // Responses and indications (a Binding indication is a keepalive) are never answered (RFC 8445 section 11).
        if (request.Class != StunMessageClass.Request || request.Method != BindingMethod)
        {
            return IceBindingResult.NotARequest;
        }

        // A bad FINGERPRINT means this is not really STUN, or it is damaged: discard silently (RFC 5389 section 7.3).
        if (request.HasFingerprint && !request.VerifyFingerprint())
        {
            return IceBindingResult.Malformed;
        }

        // RFC 5389 section 10.1.2 would answer 400 without USERNAME or MESSAGE-INTEGRITY. A lite server on a public port
        // answers nobody it cannot authenticate: a reply to a spoofed source makes it a reflector, and a browser always
        // authenticates its checks (RFC 8445 section 7.2.2), so dropping costs a real peer nothing.
        if (!request.TryGetUsername(out ReadOnlySpan<byte> username) || !request.HasMessageIntegrity)
        {
            return IceBindingResult.Unauthenticated;
        }

        // Unknown username or bad integrity would be 401s; a lite server drops them rather than talk to unauthenticated senders.
        if (!IceUsername.TryParse(username, out ReadOnlySpan<byte> localUfrag, out _)
            || !localUfrag.SequenceEqual(credentials.LocalUfragBytes))
        {
            return IceBindingResult.UnknownUsername;
        }

        ReadOnlySpan<byte> key = credentials.LocalPwdBytes;
        if (!request.VerifyMessageIntegrity(key))
        {
            return IceBindingResult.BadIntegrity;
        }

        // RFC 5389 section 7.3.1: comprehension-required attributes we do not understand get a 420.
        Span<ushort> unknown = stackalloc ushort[MaxReportedUnknownAttributes];
        int unknownCount = CollectUnknownComprehensionRequired(in request, unknown);
        if (unknownCount > 0)
        {
            responseLength = WriteError(request.TransactionId, StunErrorCode.UnknownAttribute, StunErrorCode.UnknownAttributeReason, unknown.Slice(0, unknownCount), key, response);
            return IceBindingResult.UnknownAttributes;
        }

        // RFC 8445 section 7.3.1.1: we are always controlled, so only a peer that also says ICE-CONTROLLED conflicts.
        // A lite agent cannot switch to controlling, so it always answers 487 and lets the full agent switch.
        if (!request.TryGetIceControlling(out _) && request.TryGetIceControlled(out _))
        {
            responseLength = WriteError(request.TransactionId, StunErrorCode.RoleConflict, StunErrorCode.RoleConflictReason, default, key, response);
            return IceBindingResult.RoleConflict;
        }

        // RFC 8445 section 7.3.1.4 / RFC 5389 section 10.1.2: XOR-MAPPED-ADDRESS of the source, integrity with our pwd, FINGERPRINT.
        var writer = new StunWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(remoteAddress);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        responseLength = writer.HasOverflowed ? 0 : writer.Length;
        useCandidate = request.HasUseCandidate;
        return IceBindingResult.Ok;
    }

    private static int CollectUnknownComprehensionRequired(in StunMessage request, Span<ushort> unknown)
    {
        int count = 0;
        foreach (StunAttribute attribute in request.GetAttributes())
        {
            ushort type = attribute.Type;
            if (type == StunAttributeType.MessageIntegrity)
            {
                break; // RFC 5389 section 15.4: what follows MESSAGE-INTEGRITY is ignored
            }

            if (StunAttributeType.IsComprehensionRequired(type) && !IsUnderstood(type) && count < unknown.Length)
            {
                unknown[count++] = type;
            }
        }

        return count;
    }

    private static bool IsUnderstood(ushort type) => type switch
    {
        StunAttributeType.MappedAddress or StunAttributeType.Username or StunAttributeType.MessageIntegrity
            or StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes or StunAttributeType.Realm
            or StunAttributeType.Nonce or StunAttributeType.XorMappedAddress or StunAttributeType.Priority
            or StunAttributeType.UseCandidate => true,
        _ => false,
    };

    // Error response (RFC 5389 section 7.3.1): same transaction id, ERROR-CODE, optionally UNKNOWN-ATTRIBUTES,
    // MESSAGE-INTEGRITY (only authenticated requests are answered), then FINGERPRINT.
    private static int WriteError(
        ReadOnlySpan<byte> transactionId,
        int code,
        ReadOnlySpan<byte> reason,
        ReadOnlySpan<ushort> unknownAttributes,
        ReadOnlySpan<byte> key,
        Span<byte> response)
    {
        var writer = new StunWriter(response, StunMessageType.BindingErrorResponse, transactionId);
        writer.AddErrorCode(code, reason);
        if (!unknownAttributes.IsEmpty)
        {
            writer.AddUnknownAttributes(unknownAttributes);
        }

        writer.AddMessageIntegrity(key);

        writer.AddFingerprint();
        return writer.HasOverflowed ? 0 : writer.Length;
    }
}
