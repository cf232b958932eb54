using System.Net;
using Sfu.Ice;

namespace Sfu.Tests.Ice;

/// <summary>A server (SFU, ICE-lite) and a client (browser stand-in) that have exchanged credentials through SDP.</summary>
internal sealed class IcePeers
{
    public IcePeers()
    {
        Server = IceCredentials.CreateLocal();
        ClientCredentials = IceCredentials.CreateLocal();
        Server.SetRemote(ClientCredentials.LocalUfrag, ClientCredentials.LocalPwd);
        ClientCredentials.SetRemote(Server.LocalUfrag, Server.LocalPwd);
        Client = new IceClient(ClientCredentials, tieBreaker: 0x0123456789ABCDEF);
        TransactionId = new byte[12];
        IceClient.NewTransactionId(TransactionId);
    }

    public IceCredentials Server { get; }

    public IceCredentials ClientCredentials { get; }

    public IceClient Client { get; }

    public byte[] TransactionId { get; }

    public static SocketAddress Address(string ip, int port) => new IPEndPoint(IPAddress.Parse(ip), port).Serialize();

    public byte[] Request(uint priority = 0x6e0001ff, bool useCandidate = false)
    {
        byte[] buffer = new byte[256];
        int length = Client.WriteBindingRequest(buffer, TransactionId, priority, useCandidate);
        Assert.True(length > 0);
        return buffer.AsSpan(0, length).ToArray();
    }
}
