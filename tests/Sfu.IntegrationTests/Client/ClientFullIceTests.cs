using System.Net;
using Sfu.Client;
using Sfu.Dtls;
using Sfu.Ice;
using Sfu.Wire.Stun;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// Our client toward a full ICE agent (Janus in its default mode, RFC 8445): it answers the server's checks, is
/// controlled when it answers a full agent's offer and controlling otherwise, and resolves role conflicts by
/// tie-breaker (section 7.3.1.1) both when it receives a conflicting check and when it is told 487. The server side is
/// played with the engine's own STUN writer and <see cref="IceClient"/>, so every message is checked as bytes.
/// </summary>
public sealed class ClientFullIceTests
{
    private static readonly IPEndPoint ServerCandidate = new(IPAddress.Parse("192.0.2.7"), 40123);

    private readonly IceCredentials _client = IceCredentials.CreateLocal();
    private readonly IceCredentials _server = IceCredentials.CreateLocal();

    public ClientFullIceTests()
    {
        _client.SetRemote(_server.LocalUfrag, _server.LocalPwd);
        _server.SetRemote(_client.LocalUfrag, _client.LocalPwd);
    }

    [Fact]
    public void AServerCheckIsAnsweredWithItsSourceAndOurPassword()
    {
        var serverAgent = new IceClient(_server);
        byte[] transaction = NewTransaction();
        byte[] request = ServerCheck(serverAgent, transaction, controlling: true, useCandidate: true);
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        ClientCheckOutcome outcome = ClientCheckAnswerer.Answer(request, _client, controlling: false, tieBreaker: 1, ServerCandidate, response, out int length);

        Assert.Equal(ClientCheckOutcome.Answered, outcome);
        Assert.Equal(IceResponseStatus.Success, serverAgent.CheckResponse(response.AsSpan(0, length), transaction, out _));
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out StunMessage message));
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(ServerCandidate, mapped);
        Assert.True(message.VerifyFingerprint());
    }

    [Fact]
    public void ChecksWithAnotherUfragOrPasswordOrNotRequestsAreIgnored()
    {
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];
        var stranger = IceCredentials.CreateLocal();
        stranger.SetRemote(IceCredentials.CreateLocal().LocalUfrag, _client.LocalPwd);
        var samePrefixOtherPwd = IceCredentials.CreateLocal();
        samePrefixOtherPwd.SetRemote(_client.LocalUfrag, IceCredentials.CreateLocal().LocalPwd);

        foreach (IceCredentials sender in new[] { stranger, samePrefixOtherPwd })
        {
            byte[] request = ServerCheck(new IceClient(sender), NewTransaction(), controlling: true, useCandidate: false);
            Assert.Equal(ClientCheckOutcome.Ignored, ClientCheckAnswerer.Answer(request, _client, false, 1, ServerCandidate, response, out int length));
            Assert.Equal(0, length);
        }

        // A success response (what answers our own checks) is not a request.
        var writer = new StunWriter(response, StunMessageType.BindingSuccessResponse, NewTransaction());
        writer.AddMessageIntegrity(_client.LocalPwdBytes);
        writer.AddFingerprint();
        byte[] success = writer.Written.ToArray();
        Assert.Equal(ClientCheckOutcome.Ignored, ClientCheckAnswerer.Answer(success, _client, false, 1, ServerCandidate, response, out _));
    }

    // RFC 8445 section 7.3.1.1: the same role on both sides is a conflict; the larger tie-breaker controls. The one whose
    // role is kept answers 487; the one who yields switches and answers the check.
    [Theory]
    [InlineData(true, true, 10UL, 5UL, "RoleConflict")]
    [InlineData(true, true, 10UL, 10UL, "RoleConflict")]
    [InlineData(true, true, 5UL, 10UL, "SwitchedRole")]
    [InlineData(false, false, 10UL, 5UL, "SwitchedRole")]
    [InlineData(false, false, 10UL, 10UL, "SwitchedRole")]
    [InlineData(false, false, 5UL, 10UL, "RoleConflict")]
    [InlineData(true, false, 5UL, 10UL, "Answered")]
    [InlineData(false, true, 10UL, 5UL, "Answered")]
    public void RoleConflictsFollowTheTieBreaker(bool weControl, bool theyControl, ulong ours, ulong theirs, string expectedOutcome)
    {
        var expected = Enum.Parse<ClientCheckOutcome>(expectedOutcome);
        var serverAgent = new IceClient(_server, theirs);
        byte[] transaction = NewTransaction();
        byte[] request = ServerCheck(serverAgent, transaction, theyControl, useCandidate: false);
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        ClientCheckOutcome outcome = ClientCheckAnswerer.Answer(request, _client, weControl, ours, ServerCandidate, response, out int length);

        Assert.Equal(expected, outcome);
        IceResponseStatus status = serverAgent.CheckResponse(response.AsSpan(0, length), transaction, out int errorCode);
        if (expected == ClientCheckOutcome.RoleConflict)
        {
            Assert.Equal(IceResponseStatus.ErrorResponse, status);
            Assert.Equal(StunErrorCode.RoleConflict, errorCode);
        }
        else
        {
            Assert.Equal(IceResponseStatus.Success, status);
        }
    }

    [Fact]
    public void RandomAndMutatedChecksNeverThrowAndAreNeverAnsweredWhenDamaged()
    {
        var random = new Random(4711);
        var serverAgent = new IceClient(_server);
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];
        byte[] valid = ServerCheck(serverAgent, NewTransaction(), controlling: true, useCandidate: true);
        int fingerprintStart = valid.Length - 8; // FINGERPRINT is last: 4-byte header, 4-byte CRC
        for (int i = 0; i < 5000; i++)
        {
            byte[] input;
            bool damagedBeforeFingerprint = true;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                int position = random.Next(input.Length);
                input[position] ^= (byte)(1 << random.Next(8));
                damagedBeforeFingerprint = position < fingerprintStart;
                if (random.Next(4) == 0)
                {
                    input = input.AsSpan(0, random.Next(input.Length)).ToArray();
                    damagedBeforeFingerprint = true; // the header's length no longer matches
                }
            }

            ClientCheckOutcome outcome = ClientCheckAnswerer.Answer(input, _client, false, 1, ServerCandidate, response, out int length);

            // Anything up to MESSAGE-INTEGRITY is covered by the HMAC (or breaks the header), so it is never answered. A flip
            // in the FINGERPRINT attribute's type turns it into an unknown optional attribute after MESSAGE-INTEGRITY,
            // which RFC 5389 section 15.4 ignores: that check is still authentic and may be answered.
            if (damagedBeforeFingerprint)
            {
                Assert.Equal(ClientCheckOutcome.Ignored, outcome);
                Assert.Equal(0, length);
            }
            else if (outcome == ClientCheckOutcome.Answered)
            {
                Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out StunMessage answer) && answer.VerifyMessageIntegrity(_client.LocalPwdBytes));
            }
        }
    }

    [Fact]
    public void AsAnswererToAFullAgentTheTransportIsControlledAndAnswersTheServersChecks()
    {
        var sent = new CapturingSender();
        using var transport = NewTransport(sent);
        transport.Start(Remote(iceLite: false, serverOffered: true), now: 0);

        transport.Poll(0);
        Assert.True(StunMessage.TryRead(sent.Last, out StunMessage check));
        Assert.True(check.TryGetIceControlled(out _));
        Assert.False(check.TryGetIceControlling(out _));
        Assert.False(check.HasUseCandidate); // the controlling side (the offerer) nominates
        Assert.False(transport.IsIceControlling);

        var serverAgent = new IceClient(_server);
        byte[] transaction = NewTransaction();
        transport.Receive(ServerCheck(serverAgent, transaction, controlling: true, useCandidate: true), 1);
        Assert.Equal(IceResponseStatus.Success, serverAgent.CheckResponse(sent.Last, transaction, out _));
        Assert.Equal(1, transport.IceChecksAnswered);
        Assert.False(transport.IsIceConnected); // answering is not our check succeeding
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void TowardALiteServerOrAsOffererTheTransportControlsAndNominates(bool iceLite, bool serverOffered)
    {
        var sent = new CapturingSender();
        using var transport = NewTransport(sent);
        transport.Start(Remote(iceLite, serverOffered), now: 0);

        transport.Poll(0);

        Assert.True(StunMessage.TryRead(sent.Last, out StunMessage check));
        Assert.True(check.TryGetIceControlling(out _));
        Assert.True(check.HasUseCandidate);
        Assert.True(transport.IsIceControlling);
    }

    [Fact]
    public void A487AnswerToOurCheckSwitchesTheRoleAndChecksAgainAtOnce()
    {
        var sent = new CapturingSender();
        using var transport = NewTransport(sent);
        transport.Start(Remote(iceLite: false, serverOffered: false), now: 0);
        transport.Poll(0);
        Assert.True(StunMessage.TryRead(sent.Last, out StunMessage first));
        byte[] transaction = first.TransactionId.ToArray();

        byte[] error = new byte[IceBindingResponder.MaxResponseLength];
        var writer = new StunWriter(error, StunMessageType.BindingErrorResponse, transaction);
        writer.AddErrorCode(StunErrorCode.RoleConflict, StunErrorCode.RoleConflictReason);
        writer.AddMessageIntegrity(_server.LocalPwdBytes);
        writer.AddFingerprint();
        transport.Receive(error.AsSpan(0, writer.Length), 1);

        Assert.False(transport.IsIceControlling);
        int before = sent.Count;
        transport.Poll(1); // due at once, not after the retransmit interval
        Assert.Equal(before + 1, sent.Count);
        Assert.True(StunMessage.TryRead(sent.Last, out StunMessage retry));
        Assert.True(retry.TryGetIceControlled(out _));
        Assert.False(retry.TransactionId.SequenceEqual(transaction));
    }

    private ClientTransport NewTransport(CapturingSender sent) =>
        new(_client, DtlsCertificate.CreateSelfSigned(), sent, new NoListener());

    private ServerTransport Remote(bool iceLite, bool serverOffered) =>
        new(_server.LocalUfrag, _server.LocalPwd, "00:11", ServerCandidate) { IceLite = iceLite, ServerOffered = serverOffered };

    private static byte[] ServerCheck(IceClient agent, byte[] transaction, bool controlling, bool useCandidate)
    {
        byte[] buffer = new byte[256];
        int length = agent.WriteBindingRequest(buffer, transaction, priority: 1234, useCandidate, controlling);
        Assert.True(length > 0);
        return buffer.AsSpan(0, length).ToArray();
    }

    private static byte[] NewTransaction()
    {
        byte[] transaction = new byte[StunMessage.TransactionIdLength];
        IceClient.NewTransactionId(transaction);
        return transaction;
    }

    private sealed class CapturingSender : IClientDatagramSender
    {
        private readonly List<byte[]> _sent = [];

        public int Count => _sent.Count;

        public byte[] Last => _sent[^1];

        public bool Send(ReadOnlySpan<byte> datagram)
        {
            _sent.Add(datagram.ToArray());
            return true;
        }
    }

    private sealed class NoListener : IClientTransportListener
    {
        public void OnRtp(ReadOnlySpan<byte> packet)
        {
        }

        public void OnRtcp(ReadOnlySpan<byte> compound)
        {
        }
    }
}
