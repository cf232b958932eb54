using Sfu.Ice;
using Sfu.Wire.Stun;

namespace Sfu.Client;

/// <summary>
/// The controlling full-agent half of ICE against an ICE-lite server with one candidate (RFC 8445 sections 7.2 and
/// 8.1.1, aggressive nomination): Binding requests with USE-CANDIDATE resent every retransmit interval until one
/// succeeds, then consent checks (RFC 7675 section 5.1) every consent interval. Used by <see cref="ClientTransport"/> under its
/// ICE lock; times are in the transport's unit (<see cref="ClientTransportOptions.TicksPerSecond"/>).
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

    public long RequestsSent { get; private set; }

    public long SuccessResponses { get; private set; }

    public long LastSuccessTicks => _lastSuccessTicks;

    /// <summary>Checks start on the next <see cref="WriteDueRequest"/>.</summary>
    public void Start(long nowTicks)
    {
        IsStarted = true;
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

        int length = _client.WriteBindingRequest(buffer, _transactionId, CheckPriority, useCandidate: true);
        if (length > 0)
        {
            _awaitingResponse = true;
            RequestsSent++;
            _nextSendTicks = nowTicks + (IsConnected ? _consentTicks : _retransmitTicks);
        }

        return length;
    }

    /// <summary>Checks a STUN datagram from the server; returns true when it is the first success (ICE just connected).</summary>
    public bool OnStun(ReadOnlySpan<byte> datagram, long nowTicks)
    {
        if (!_awaitingResponse || _client.CheckResponse(datagram, _transactionId, out _) != IceResponseStatus.Success)
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

    private static long ToTicks(TimeSpan interval, long ticksPerSecond) =>
        Math.Max(1, (long)(interval.TotalSeconds * ticksPerSecond));
}
