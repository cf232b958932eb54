using System.Text;
using Sfu.Ice;
using Sfu.Wire.Stun;

namespace Sfu.Tests.Ice;

public class IceClientTests
{
    [Fact]
    public void WriteBindingRequest_CarriesTheIceAttributes()
    {
        var peers = new IcePeers();

        byte[] request = peers.Request(priority: 1_853_824_767, useCandidate: true);

        Assert.True(StunMessage.TryRead(request, out StunMessage msg));
        Assert.Equal(StunMessageType.BindingRequest, msg.Type);
        Assert.True(msg.TransactionId.SequenceEqual(peers.TransactionId));
        Assert.True(msg.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal(peers.Server.LocalUfrag + ":" + peers.ClientCredentials.LocalUfrag, Encoding.ASCII.GetString(username));
        Assert.True(msg.TryGetPriority(out uint priority));
        Assert.Equal(1_853_824_767u, priority);
        Assert.True(msg.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(0x0123456789ABCDEFul, tieBreaker);
        Assert.False(msg.TryGetIceControlled(out _));
        Assert.True(msg.HasUseCandidate);
        Assert.True(msg.VerifyMessageIntegrity(peers.Server.LocalPwdBytes));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void WriteBindingRequest_WithoutUseCandidate_OmitsIt()
    {
        var peers = new IcePeers();

        Assert.True(StunMessage.TryRead(peers.Request(useCandidate: false), out StunMessage msg));
        Assert.False(msg.HasUseCandidate);
    }

    [Fact]
    public void WriteBindingRequest_FailsWithoutRemoteCredentialsOrRoom()
    {
        var client = new IceClient(IceCredentials.CreateLocal());
        var peers = new IcePeers();

        Assert.Equal(0, client.WriteBindingRequest(new byte[256], peers.TransactionId, 1, false));
        Assert.Equal(0, peers.Client.WriteBindingRequest(new byte[60], peers.TransactionId, 1, false));
    }

    [Fact]
    public void CheckResponse_RejectsOtherTransaction()
    {
        var peers = new IcePeers();
        byte[] response = Answer(peers);
        byte[] otherId = (byte[])peers.TransactionId.Clone();
        otherId[0] ^= 1;

        Assert.Equal(IceResponseStatus.TransactionMismatch, peers.Client.CheckResponse(response, otherId, out _));
    }

    [Fact]
    public void CheckResponse_RejectsResponseSignedWithAnotherPwd()
    {
        var peers = new IcePeers();
        byte[] response = Answer(peers);
        var impostorView = new IceCredentials(peers.ClientCredentials.LocalUfrag, peers.ClientCredentials.LocalPwd);
        impostorView.SetRemote(peers.Server.LocalUfrag, "0123456789012345678901");
        var client = new IceClient(impostorView);

        Assert.Equal(IceResponseStatus.BadIntegrity, client.CheckResponse(response, peers.TransactionId, out _));
    }

    [Fact]
    public void CheckResponse_RejectsSuccessWithoutIntegrity()
    {
        var peers = new IcePeers();
        byte[] buffer = new byte[128];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, peers.TransactionId);
        writer.AddXorMappedAddress(IcePeers.Address("192.0.2.1", 1));
        writer.AddFingerprint();

        Assert.Equal(IceResponseStatus.BadIntegrity, peers.Client.CheckResponse(writer.Written, peers.TransactionId, out _));
    }

    [Fact]
    public void CheckResponse_ClassifiesRequestsAndGarbage()
    {
        var peers = new IcePeers();

        Assert.Equal(IceResponseStatus.NotAResponse, peers.Client.CheckResponse(peers.Request(), peers.TransactionId, out _));
        Assert.Equal(IceResponseStatus.Malformed, peers.Client.CheckResponse(new byte[] { 1, 2, 3 }, peers.TransactionId, out _));
        byte[] corrupted = Answer(peers);
        corrupted[^1] ^= 0x10;
        Assert.Equal(IceResponseStatus.Malformed, peers.Client.CheckResponse(corrupted, peers.TransactionId, out _));
    }

    private static byte[] Answer(IcePeers peers)
    {
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];
        Assert.Equal(IceBindingResult.Ok, IceBindingResponder.Respond(peers.Request(), peers.Server, IcePeers.Address("192.0.2.1", 1), response, out int length, out _));
        return response.AsSpan(0, length).ToArray();
    }
}
