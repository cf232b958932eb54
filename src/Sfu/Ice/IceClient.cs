using System.Security.Cryptography;
using Sfu.Wire.Stun;

namespace Sfu.Ice;

/// <summary>
/// The full-agent side of a connectivity check (controlling by default), for our own test client and load generator
/// (RFC 8445 section 7.2): writes Binding requests to the SFU and checks its answers. The credentials are
/// seen from the client: Local* are the client's own, Remote* are the SFU's (from its SDP).
/// </summary>
public sealed class IceClient
{
    private const ushort BindingMethod = 0x001;
    private const int MaxUsernameLength = 2 * IceCredentials.MaxLength + 1;

    private readonly IceCredentials _credentials;

    /// <summary>Creates a client; the tie-breaker is random unless given (RFC 8445 section 7.1.3).</summary>
    public IceClient(IceCredentials credentials, ulong? tieBreaker = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
        TieBreaker = tieBreaker ?? RandomTieBreaker();
    }

    /// <summary>The 64-bit tie-breaker sent in ICE-CONTROLLING.</summary>
    public ulong TieBreaker { get; }

    /// <summary>Fills the first 12 bytes of <paramref name="destination"/> with a random transaction id (RFC 5389 section 6).</summary>
    public static void NewTransactionId(Span<byte> destination) =>
        RandomNumberGenerator.Fill(destination.Slice(0, StunMessage.TransactionIdLength));

    /// <summary>
    /// Writes a Binding request: USERNAME "remoteUfrag:localUfrag", PRIORITY, ICE-CONTROLLING (ICE-CONTROLLED when
    /// <paramref name="controlling"/> is false: a full agent answering a full agent's offer), USE-CANDIDATE
    /// when nominating, MESSAGE-INTEGRITY keyed with the remote pwd, FINGERPRINT (RFC 8445 section 7.2.2).
    /// Returns the length, or 0 when the buffer is too small or the remote credentials are not set yet.
    /// </summary>
    public int WriteBindingRequest(Span<byte> buffer, ReadOnlySpan<byte> transactionId, uint priority, bool useCandidate, bool controlling = true)
    {
        if (!_credentials.HasRemote)
        {
            return 0;
        }

        Span<byte> username = stackalloc byte[MaxUsernameLength];
        int usernameLength = IceUsername.Write(username, _credentials.RemoteUfragBytes, _credentials.LocalUfragBytes);

        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername(username.Slice(0, usernameLength));
        writer.AddPriority(priority);
        if (controlling)
        {
            writer.AddIceControlling(TieBreaker);
        }
        else
        {
            writer.AddIceControlled(TieBreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(_credentials.RemotePwdBytes);
        writer.AddFingerprint();
        return writer.HasOverflowed ? 0 : writer.Length;
    }

    /// <summary>
    /// Checks an answer to the request with <paramref name="transactionId"/>: a Binding response for that
    /// transaction, FINGERPRINT valid when present, MESSAGE-INTEGRITY valid with the remote pwd (required on a
    /// success; an unauthenticated error such as 400 may lack it). <paramref name="errorCode"/> is set for
    /// <see cref="IceResponseStatus.ErrorResponse"/>, otherwise 0.
    /// </summary>
    public IceResponseStatus CheckResponse(ReadOnlySpan<byte> response, ReadOnlySpan<byte> transactionId, out int errorCode)
    {
        errorCode = 0;
        if (!StunMessage.TryRead(response, out StunMessage message))
        {
            return IceResponseStatus.Malformed;
        }

        bool isSuccess = message.Class == StunMessageClass.SuccessResponse;
        if ((!isSuccess && message.Class != StunMessageClass.ErrorResponse) || message.Method != BindingMethod)
        {
            return IceResponseStatus.NotAResponse;
        }

        if (!message.TransactionId.SequenceEqual(transactionId))
        {
            return IceResponseStatus.TransactionMismatch;
        }

        if (message.HasFingerprint && !message.VerifyFingerprint())
        {
            return IceResponseStatus.Malformed;
        }

        if (message.HasMessageIntegrity ? !message.VerifyMessageIntegrity(_credentials.RemotePwdBytes) : isSuccess)
        {
            return IceResponseStatus.BadIntegrity;
        }

        if (isSuccess)
        {
            return IceResponseStatus.Success;
        }

        return message.TryGetErrorCode(out errorCode, out _) ? IceResponseStatus.ErrorResponse : IceResponseStatus.Malformed;
    }

    private static ulong RandomTieBreaker()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
