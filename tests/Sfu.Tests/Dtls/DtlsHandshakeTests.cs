using Sfu.Crypto.Srtp;
using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

/// <summary>Handshakes between our server and client with the channels wired back to back.</summary>
public sealed class DtlsHandshakeTests
{
    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    public async Task Keying_material_length_follows_the_negotiated_profile(SrtpProfile profile, int expectedLength)
    {
        var options = new DtlsHandshakeOptions { SrtpProfiles = [profile] };
        using var pair = new InMemoryDtlsPair(options, options);

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.RunAsync();

        Assert.Equal(profile, server.Profile);
        Assert.Equal(profile, client.Profile);
        Assert.Equal(expectedLength, server.KeyingMaterial.Length);
        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
        Assert.Equal(InMemoryDtlsPair.ClientCertificate.Sha256Fingerprint, server.RemoteFingerprint);
        Assert.Equal(InMemoryDtlsPair.ServerCertificate.Sha256Fingerprint, client.RemoteFingerprint);
    }

    [Fact]
    public async Task Split_keys_cross_over_between_the_two_sides()
    {
        using var pair = new InMemoryDtlsPair();
        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await pair.RunAsync();

        DtlsSrtpKeys serverKeys = DtlsSrtpKeys.Split(server.Profile, server.KeyingMaterial, DtlsRole.Server);
        DtlsSrtpKeys clientKeys = DtlsSrtpKeys.Split(client.Profile, client.KeyingMaterial, DtlsRole.Client);

        Assert.Equal(serverKeys.LocalMasterKey, clientKeys.RemoteMasterKey);
        Assert.Equal(serverKeys.LocalMasterSalt, clientKeys.RemoteMasterSalt);
        Assert.Equal(clientKeys.LocalMasterKey, serverKeys.RemoteMasterKey);
        Assert.Equal(clientKeys.LocalMasterSalt, serverKeys.RemoteMasterSalt);
        Assert.NotEqual(serverKeys.LocalMasterKey, serverKeys.RemoteMasterKey);
    }

    [Fact]
    public async Task Two_handshakes_between_the_same_certificates_derive_different_keys()
    {
        using var first = new InMemoryDtlsPair();
        using var second = new InMemoryDtlsPair();

        (DtlsHandshakeResult a, _) = await first.RunAsync();
        (DtlsHandshakeResult b, _) = await second.RunAsync();

        Assert.NotEqual(a.KeyingMaterial, b.KeyingMaterial);
    }

    [Fact]
    public async Task A_forged_record_after_the_handshake_ends_the_association_as_an_error_not_a_close_notify()
    {
        // BouncyCastle 1.8 treats a record that fails authentication as fatal instead of discarding it
        // (RFC 6347 4.1.2.7 says discard). The owner must therefore keep media flowing on Error: SRTP keys do not
        // depend on the DTLS record layer; only PeerCloseNotify means the peer is gone.
        using var pair = new InMemoryDtlsPair();
        var closed = new TaskCompletionSource<DtlsCloseReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Closed += reason => closed.TrySetResult(reason);
        await pair.RunAsync();
        byte[] forged = new byte[13 + 40];
        forged[0] = 23; // application_data
        forged[1] = 0xFE;
        forged[2] = 0xFD;
        forged[4] = 1; // epoch 1
        forged[10] = 99; // sequence number
        forged[12] = 40; // length
        new Random(6347).NextBytes(forged.AsSpan(13));

        pair.Server.Channel.EnqueueIncoming(forged);

        Assert.Equal(DtlsCloseReason.Error, await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(pair.Server.IsConnected);
    }

    [Fact]
    public async Task Run_may_only_be_called_once()
    {
        using var pair = new InMemoryDtlsPair();
        await pair.RunAsync();

        Assert.Throws<InvalidOperationException>(() => { _ = pair.Server.RunAsync(); });
    }

    [Fact]
    public void Run_after_close_is_refused()
    {
        using var pair = new InMemoryDtlsPair();
        pair.Server.Close();

        Assert.Throws<InvalidOperationException>(() => { _ = pair.Server.RunAsync(); });
        Assert.True(pair.Server.Channel.IsClosed);
    }

    [Fact]
    public void Sending_application_data_before_the_handshake_is_refused()
    {
        using var pair = new InMemoryDtlsPair();

        Assert.Throws<InvalidOperationException>(() => pair.Client.SendApplicationData([1]));
    }

    [Fact]
    public void Constructor_validates_its_arguments()
    {
        var channel = new DtlsDatagramChannel(_ => { });
        DtlsCertificate certificate = InMemoryDtlsPair.ServerCertificate;

        Assert.Throws<ArgumentNullException>(() => new DtlsHandshake(DtlsRole.Server, null!, "AA", channel));
        Assert.Throws<ArgumentException>(() => new DtlsHandshake(DtlsRole.Server, certificate, " ", channel));
        Assert.Throws<ArgumentNullException>(() => new DtlsHandshake(DtlsRole.Server, certificate, "AA", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsHandshake(DtlsRole.Server, certificate, "AA", channel,
            new DtlsHandshakeOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new DtlsHandshake(DtlsRole.Server, certificate, "AA", channel,
            new DtlsHandshakeOptions { SrtpProfiles = [] }));
    }
}
