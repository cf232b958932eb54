using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

/// <summary>
/// A server and client whose channels feed each other directly: each send is the other side's receive. This is
/// the bytes-in / bytes-out contract with no sockets at all.
/// </summary>
internal sealed class InMemoryDtlsPair : IDisposable
{
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.CreateSelfSigned();
    public static readonly DtlsCertificate ClientCertificate = DtlsCertificate.CreateSelfSigned();

    public InMemoryDtlsPair(DtlsHandshakeOptions? serverOptions = null, DtlsHandshakeOptions? clientOptions = null)
    {
        DtlsDatagramChannel? serverChannel = null;
        DtlsDatagramChannel? clientChannel = null;
        serverChannel = new DtlsDatagramChannel(datagram => clientChannel!.EnqueueIncoming(datagram.Span));
        clientChannel = new DtlsDatagramChannel(datagram => serverChannel.EnqueueIncoming(datagram.Span));
        Server = new DtlsHandshake(DtlsRole.Server, ServerCertificate, ClientCertificate.Sha256Fingerprint, serverChannel, serverOptions);
        Client = new DtlsHandshake(DtlsRole.Client, ClientCertificate, ServerCertificate.Sha256Fingerprint, clientChannel, clientOptions);
    }

    public DtlsHandshake Server { get; }

    public DtlsHandshake Client { get; }

    public async Task<(DtlsHandshakeResult Server, DtlsHandshakeResult Client)> RunAsync()
    {
        TimeSpan guard = TimeSpan.FromSeconds(14);
        Task<DtlsHandshakeResult> server = Server.RunAsync();
        Task<DtlsHandshakeResult> client = Client.RunAsync();
        return (await server.WaitAsync(guard), await client.WaitAsync(guard));
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
