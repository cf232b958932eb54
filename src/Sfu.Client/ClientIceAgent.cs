using System.Net;
using Sfu.Ice;
using Sfu.Wire.Stun;

namespace Sfu.Client;

/// <summary>
/// Our full-agent half of ICE toward a server with one candidate (RFC 8445 sections 7.2 and 8.1.1): Binding requests
/// resent every retransmit interval until one succeeds, then consent checks (RFC 7675 section 5.1) every consent
/// interval. Toward an ICE-lite server (ours) or as the offerer we control and nominate at once (aggressive
/// nomination, USE-CANDIDATE on every check); as the answerer to a full agent (Janus offering a subscription) we are
/// controlled and leave nomination to it. The server's own checks are answered (<see cref="ClientCheckAnswerer"/>),
/// role conflicts resolved by tie-breaker both ways (487 sent or received). Used by <see cref="ClientTransport"/> under
/// its ICE lock; times are in the transport's unit (<see cref="ClientTransportOptions.TicksPerSecond"/>).
/// </summary>
internal sealed class ClientIceAgent
{
    // RFC 8445 section 5.1.2.1: type preference 110 (peer-reflexive, what a check's PRIORITY carries), top local preference.
    private const uint CheckPriority = (110u << 24) | (65535u << 8) | 255u;

    private readonly IceClient _client;
    private readonly long _retransmitTicks;
    private readonly long _consentTicks;
    private readonly byte[] _transactionId = new byte[StunMessage.TransactionIdLength];
    private bool _awaitingResponse;
    private long _nextSendTicks;
    private long _lastSuccessTicks;

    public ClientIceAgent(IceCredentials credentials, TimeSpan retransmitInterval, TimeSpan consentInterval, long ticksPerSecond)
    {
        Credentials = credentials;
        _client = new IceClient(credentials);
        _retransmitTicks = ToTicks(retransmitInterval, ticksPerSecond);
        _consentTicks = ToTicks(consentInterval, ticksPerSecond);
    }

    /// <summary>Ours are local; the server's arrive with its description.</summary>
    public IceCredentials Credentials { get; }

    /// <summary>True after the first successful check (the nominated pair is valid).</summary>
    public bool IsConnected { get; private set; }

    public bool IsStarted { get; private set; }

    /// <summary>Our role: from <see cref="Start"/>, flipped by a role conflict.</summary>
    public bool IsControlling { get; private set; } = true;

    /// <summary>The server's checks we answered with a success.</summary>
    public long ChecksAnswered { get; private set; }

    /// <summary>Role conflicts resolved (487s sent or received).</summary>
    public long RoleConflicts { get; private set; }

    public long RequestsSent { get; private set; }

    public long SuccessResponses { get; private set; }

    public long LastSuccessTicks => _lastSuccessTicks;

    /// <summary>Checks start on the next <see cref="WriteDueRequest"/>, in the given role (RFC 8445 section 6.1.1).</summary>
    public void Start(long nowTicks, bool controlling)
    {
        IsStarted = true;
        IsControlling = controlling;
        _nextSendTicks = nowTicks;
    }

    /// <summary>Writes a Binding request when one is due (first check, retransmission, consent) and returns its length, else 0.</summary>
    public int WriteDueRequest(Span<byte> buffer, long nowTicks)
    {
        if (!IsStarted || nowTicks < _nextSendTicks || !Credentials.HasRemote)
        {
            return 0;
        }

        if (!_awaitingResponse || IsConnected)
        {
            // A retransmission before success reuses the transaction (RFC 5389 section 7.2.1); each consent check is new.
            IceClient.NewTransactionId(_transactionId);
        }

        int length = _client.WriteBindingRequest(buffer, _transactionId, CheckPriority, useCandidate: IsControlling, IsControlling);
        if (length > 0)
        {
            _awaitingResponse = true;
            RequestsSent++;
            _nextSendTicks = nowTicks + (IsConnected ? _consentTicks : _retransmitTicks);
        }

        return length;
    }

    /// <summary>
    /// Answers the server's check in <paramref name="datagram"/>, if it is one, into <paramref name="response"/>;
    /// returns the length to send back to <paramref name="from"/> (0: nothing).
    /// </summary>
    public int AnswerCheck(ReadOnlySpan<byte> datagram, IPEndPoint from, Span<byte> response)
    {
        ClientCheckOutcome outcome = ClientCheckAnswerer.Answer(datagram, Credentials, IsControlling, _client.TieBreaker, from, response, out int length);
        switch (outcome)
        {
            case ClientCheckOutcome.Answered:
                ChecksAnswered++;
                break;
            case ClientCheckOutcome.SwitchedRole:
                ChecksAnswered++;
                SwitchRole();
                break;
            case ClientCheckOutcome.RoleConflict:
                RoleConflicts++;
                break;
        }

        return length;
    }

    /// <summary>Checks a STUN response from the server; returns true when it is the first success (ICE just connected).</summary>
    public bool OnStun(ReadOnlySpan<byte> datagram, long nowTicks)
    {
        if (!_awaitingResponse)
        {
            return false;
        }

        IceResponseStatus status = _client.CheckResponse(datagram, _transactionId, out int errorCode);
        if (status == IceResponseStatus.ErrorResponse && errorCode == StunErrorCode.RoleConflict)
        {
            // RFC 8445 section 7.2.5.1: the peer won the tie-break: take the other role and check again at once.
            RoleConflicts++;
            SwitchRole();
            _awaitingResponse = false;
            _nextSendTicks = nowTicks;
            return false;
        }

        if (status != IceResponseStatus.Success)
        {
            return false;
        }

        _awaitingResponse = false;
        _lastSuccessTicks = nowTicks;
        SuccessResponses++;
        if (IsConnected)
        {
            return false;
        }

        IsConnected = true;
        _nextSendTicks = nowTicks + _consentTicks;
        return true;
    }

    private void SwitchRole() => IsControlling = !IsControlling;

    private static long ToTicks(TimeSpan interval, long ticksPerSecond) =>
        Math.Max(1, (long)(interval.TotalSeconds * ticksPerSecond));
}
