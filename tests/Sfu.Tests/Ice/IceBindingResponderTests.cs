using System.Buffers.Binary;
using System.Net;
using System.Text;
using Sfu.Ice;
using Sfu.Tests.Wire.Stun;
using Sfu.Wire.Stun;

namespace Sfu.Tests.Ice;

public class IceBindingResponderTests
{
    private static readonly SocketAddress ClientAddress = IcePeers.Address("192.0.2.33", 51234);

    [Theory]
    [InlineData("192.0.2.33", 51234, false)]
    [InlineData("2001:db8::77", 9, true)]
    public void ValidRequest_RoundTripsThroughClientAndResponder(string ip, int port, bool nominate)
    {
        var peers = new IcePeers();
        byte[] request = peers.Request(useCandidate: nominate);
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        IceBindingResult result = IceBindingResponder.Respond(request, peers.Server, IcePeers.Address(ip, port), response, out int length, out bool useCandidate);

        Assert.Equal(IceBindingResult.Ok, result);
        Assert.Equal(nominate, useCandidate);
        Assert.Equal(IceResponseStatus.Success, peers.Client.CheckResponse(response.AsSpan(0, length), peers.TransactionId, out int errorCode));
        Assert.Equal(0, errorCode);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out StunMessage msg));
        Assert.Equal(StunMessageType.BindingSuccessResponse, msg.Type);
        Assert.True(msg.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), mapped);
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void WrongUfrag_IsDroppedSilently()
    {
        var peers = new IcePeers();
        var stranger = new IceCredentials("zzzz", peers.Server.LocalPwd); // same pwd, other ufrag
        byte[] request = peers.Request();
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        IceBindingResult result = IceBindingResponder.Respond(request, stranger, ClientAddress, response, out int length, out bool useCandidate);

        Assert.Equal(IceBindingResult.UnknownUsername, result);
        Assert.Equal(0, length);
        Assert.False(useCandidate);
    }

    [Fact]
    public void WrongPwd_IsBadIntegrityAndDroppedSilently()
    {
        var peers = new IcePeers();
        var sameUfragOtherPwd = new IceCredentials(peers.Server.LocalUfrag, "0123456789012345678901");
        byte[] request = peers.Request(useCandidate: true);
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        IceBindingResult result = IceBindingResponder.Respond(request, sameUfragOtherPwd, ClientAddress, response, out int length, out bool useCandidate);

        Assert.Equal(IceBindingResult.BadIntegrity, result);
        Assert.Equal(0, length);
        Assert.False(useCandidate);
    }

    [Fact]
    public void TamperedAfterFingerprintRecomputed_IsBadIntegrity()
    {
        var peers = new IcePeers();
        byte[] request = peers.Request();
        // Change PRIORITY (first attribute after USERNAME) and fix up FINGERPRINT, as an on-path attacker could.
        int priorityValue = 20 + 4 + ((BinaryPrimitives.ReadUInt16BigEndian(request.AsSpan(22)) + 3) & ~3) + 4;
        request[priorityValue] ^= 0xFF;
        int fingerprintOffset = request.Length - 8;
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(fingerprintOffset + 4), StunCrc32.ComputeFingerprint(request.AsSpan(0, fingerprintOffset)));

        IceBindingResult result = IceBindingResponder.Respond(request, peers.Server, ClientAddress, new byte[128], out int length, out _);

        Assert.Equal(IceBindingResult.BadIntegrity, result);
        Assert.Equal(0, length);
    }

    [Fact]
    public void EveryTruncation_IsMalformedWithoutResponse()
    {
        var peers = new IcePeers();
        byte[] request = peers.Request();
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        for (int cut = 0; cut < request.Length; cut++)
        {
            IceBindingResult result = IceBindingResponder.Respond(request.AsSpan(0, cut), peers.Server, ClientAddress, response, out int length, out _);

            Assert.Equal(IceBindingResult.Malformed, result);
            Assert.Equal(0, length);
        }
    }

    [Fact]
    public void BadFingerprint_IsMalformedWithoutResponse()
    {
        var peers = new IcePeers();
        byte[] request = peers.Request();
        request[^1] ^= 0x01;

        IceBindingResult result = IceBindingResponder.Respond(request, peers.Server, ClientAddress, new byte[128], out int length, out _);

        Assert.Equal(IceBindingResult.Malformed, result);
        Assert.Equal(0, length);
    }

    [Fact]
    public void RequestWithoutFingerprint_IsAccepted()
    {
        var peers = new IcePeers();
        byte[] request = BuildRequest(peers, static (ref StunWriter w) => w.AddIceControlling(1), fingerprint: false);

        IceBindingResult result = IceBindingResponder.Respond(request, peers.Server, ClientAddress, new byte[128], out int length, out _);

        Assert.Equal(IceBindingResult.Ok, result);
        Assert.True(length > 0);
    }

    [Fact]
    public void RequestWithoutMessageIntegrity_GetsNoReply()
    {
        // A known ufrag is no proof of anything: answering it (RFC 5389 would send a 400) lets a spoofer reflect off us.
        var peers = new IcePeers();
        byte[] buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, peers.TransactionId);
        writer.AddUsername(Encoding.ASCII.GetBytes(peers.Server.LocalUfrag + ":" + peers.ClientCredentials.LocalUfrag));
        writer.AddFingerprint();
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        IceBindingResult result = IceBindingResponder.Respond(writer.Written, peers.Server, ClientAddress, response, out int length, out bool useCandidate);

        Assert.Equal(IceBindingResult.Unauthenticated, result);
        Assert.Equal(0, length);
        Assert.False(useCandidate);
    }

    [Fact]
    public void Rfc5769SampleRequest_ClaimsControlled_GetsAuthenticated487()
    {
        // The RFC 5769 section 2.1 request carries ICE-CONTROLLED; addressed to ufrag "evtj" with the sample password.
        var server = new IceCredentials("evtj", StunTestVectors.ShortTermPassword);
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        IceBindingResult result = IceBindingResponder.Respond(StunTestVectors.Request, server, ClientAddress, response, out int length, out bool useCandidate);

        Assert.Equal(IceBindingResult.RoleConflict, result);
        Assert.False(useCandidate);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out StunMessage msg));
        Assert.Equal(StunMessageType.BindingErrorResponse, msg.Type);
        Assert.True(msg.TransactionId.SequenceEqual(StunTestVectors.TransactionId));
        Assert.True(msg.TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason));
        Assert.Equal(487, code);
        Assert.Equal("Role Conflict", Encoding.ASCII.GetString(reason));
        Assert.True(msg.VerifyMessageIntegrity(server.LocalPwdBytes));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void RequestWithoutAnyRoleAttribute_IsAccepted()
    {
        var peers = new IcePeers();
        byte[] request = BuildRequest(peers, static (ref StunWriter w) => w.AddPriority(1));

        Assert.Equal(IceBindingResult.Ok, IceBindingResponder.Respond(request, peers.Server, ClientAddress, new byte[128], out _, out _));
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_Gets420ListingIt()
    {
        var peers = new IcePeers();
        byte[] request = BuildRequest(peers, static (ref StunWriter w) =>
        {
            w.AddIceControlling(1);
            w.AddAttribute(0x0031, [1, 2, 3, 4]);
        });
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];

        IceBindingResult result = IceBindingResponder.Respond(request, peers.Server, ClientAddress, response, out int length, out _);

        Assert.Equal(IceBindingResult.UnknownAttributes, result);
        Assert.True(StunMessage.TryRead(response.AsSpan(0, length), out StunMessage msg));
        Assert.True(msg.TryGetErrorCode(out int code, out _));
        Assert.Equal(420, code);
        Assert.True(msg.TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> list));
        Assert.Equal(new byte[] { 0x00, 0x31 }, list.ToArray());
        Assert.Equal(IceResponseStatus.ErrorResponse, peers.Client.CheckResponse(response.AsSpan(0, length), peers.TransactionId, out _));
    }

    [Fact]
    public void UnknownComprehensionOptionalAttribute_IsIgnored()
    {
        var peers = new IcePeers();
        // Chrome adds GOOG-NETWORK-INFO (0xC057), which we do not interpret.
        byte[] request = BuildRequest(peers, static (ref StunWriter w) =>
        {
            w.AddAttribute(0xC057, [0, 1, 0, 10]);
            w.AddIceControlling(1);
        });

        Assert.Equal(IceBindingResult.Ok, IceBindingResponder.Respond(request, peers.Server, ClientAddress, new byte[128], out _, out _));
    }

    [Theory]
    [InlineData(StunMessageType.BindingIndication)]
    [InlineData(StunMessageType.BindingSuccessResponse)]
    [InlineData(StunMessageType.BindingErrorResponse)]
    [InlineData((StunMessageType)0x0003)] // TURN Allocate request
    public void NonBindingRequests_AreNotAnswered(StunMessageType type)
    {
        var peers = new IcePeers();
        byte[] buffer = new byte[128];
        var writer = new StunWriter(buffer, type, peers.TransactionId);
        writer.AddFingerprint();

        IceBindingResult result = IceBindingResponder.Respond(writer.Written, peers.Server, ClientAddress, new byte[128], out int length, out _);

        Assert.Equal(IceBindingResult.NotARequest, result);
        Assert.Equal(0, length);
    }

    [Fact]
    public void TooSmallResponseBuffer_ValidatesButWritesNothing()
    {
        var peers = new IcePeers();

        IceBindingResult result = IceBindingResponder.Respond(peers.Request(), peers.Server, ClientAddress, new byte[40], out int length, out _);

        Assert.Equal(IceBindingResult.Ok, result);
        Assert.Equal(0, length);
    }

    [Fact]
    public void ValidRequest_AllocatesNothingInSteadyState()
    {
        var peers = new IcePeers();
        byte[] request = peers.Request(useCandidate: true);
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];
        SocketAddress address = IcePeers.Address("2001:db8::1", 5000);
        for (int i = 0; i < 100; i++)
        {
            IceBindingResponder.Respond(request, peers.Server, address, response, out _, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            IceBindingResponder.Respond(request, peers.Server, address, response, out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] BuildRequest(IcePeers peers, StunMessageTests.WriteAttributes addRoleAndExtras, bool fingerprint = true)
    {
        byte[] buffer = new byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, peers.TransactionId);
        writer.AddUsername(Encoding.ASCII.GetBytes(peers.Server.LocalUfrag + ":" + peers.ClientCredentials.LocalUfrag));
        addRoleAndExtras(ref writer);
        writer.AddMessageIntegrity(peers.Server.LocalPwdBytes);
        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        Assert.False(writer.HasOverflowed);
        return writer.Written.ToArray();
    }
}
