using Sfu.Dtls;

namespace Sfu.IntegrationTests.Dtls;

/// <summary>A DTLS server and client, each on its own loopback UDP socket, pointed at each other.</summary>
internal sealed class DtlsTestPair : IDisposable
{
    private static readonly Lazy<DtlsCertificate> SharedServerCertificate = new(() => DtlsCertificate.CreateSelfSigned());
    private static readonly Lazy<DtlsCertificate> SharedClientCertificate = new(() => DtlsCertificate.CreateSelfSigned());

    public DtlsTestPair(
        DtlsHandshakeOptions? serverOptions = null,
        DtlsHandshakeOptions? clientOptions = null,
        Func<int, ReadOnlyMemory<byte>, bool>? dropFromServer = null,
        Func<int, ReadOnlyMemory<byte>, bool>? dropFromClient = null,
        string? serverExpects = null,
        string? clientExpects = null)
    {
        ServerCertificate = SharedServerCertificate.Value;
        ClientCertificate = SharedClientCertificate.Value;
        ServerEndpoint = new UdpDtlsEndpoint(dropFromServer);
        ClientEndpoint = new UdpDtlsEndpoint(dropFromClient);
        ServerEndpoint.ConnectTo(ClientEndpoint);
        ClientEndpoint.ConnectTo(ServerEndpoint);
        Server = new DtlsHandshake(DtlsRole.Server, ServerCertificate, serverExpects ?? ClientCertificate.Sha256Fingerprint,
            ServerEndpoint.Channel, serverOptions);
        Client = new DtlsHandshake(DtlsRole.Client, ClientCertificate, clientExpects ?? ServerCertificate.Sha256Fingerprint,
            ClientEndpoint.Channel, clientOptions);
    }

    public DtlsCertificate ServerCertificate { get; }

    public DtlsCertificate ClientCertificate { get; }

    public UdpDtlsEndpoint ServerEndpoint { get; }

    public UdpDtlsEndpoint ClientEndpoint { get; }

    public DtlsHandshake Server { get; }

    public DtlsHandshake Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        ClientEndpoint.Dispose();
        ServerEndpoint.Dispose();
    }
}
