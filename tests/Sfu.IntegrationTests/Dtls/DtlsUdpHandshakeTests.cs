using Sfu.Crypto.Srtp;
using Sfu.Dtls;

namespace Sfu.IntegrationTests.Dtls;

/// <summary>Our DTLS server and client against each other over real loopback UDP sockets.</summary>
public sealed class DtlsUdpHandshakeTests
{
    private static readonly TimeSpan TestGuard = TimeSpan.FromSeconds(14);

    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 60)]
    public async Task Handshake_completes_with_identical_keys_for_the_server_preferred_profile(SrtpProfile preferred, int keyLength)
    {
        var serverOptions = new DtlsHandshakeOptions { SrtpProfiles = [preferred] };
        using var pair = new DtlsTestPair(serverOptions);

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await RunBothAsync(pair);

        Assert.Equal(preferred, server.Profile);
        Assert.Equal(preferred, client.Profile);
        Assert.Equal(keyLength, server.KeyingMaterial.Length);
        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
        Assert.Contains(server.KeyingMaterial, b => b != 0);
        Assert.Equal(pair.ClientCertificate.Sha256Fingerprint, server.RemoteFingerprint);
        Assert.Equal(pair.ServerCertificate.Sha256Fingerprint, client.RemoteFingerprint);
        Assert.True(pair.Server.IsConnected);
        Assert.True(pair.Client.IsConnected);
    }

    [Fact]
    public async Task Default_preferences_pick_gcm()
    {
        using var pair = new DtlsTestPair();

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await RunBothAsync(pair);

        Assert.Equal(SrtpProfile.AeadAes128Gcm, server.Profile);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, client.Profile);
    }

    [Fact]
    public async Task Server_falls_back_to_cm_when_the_client_offers_only_cm()
    {
        var clientOptions = new DtlsHandshakeOptions { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1_80] };
        using var pair = new DtlsTestPair(clientOptions: clientOptions);

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await RunBothAsync(pair);

        Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, server.Profile);
        Assert.Equal(SrtpProfile.AesCm128HmacSha1_80, client.Profile);
        Assert.Equal(60, client.KeyingMaterial.Length);
        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
    }

    [Fact]
    public async Task No_common_profile_fails_both_sides()
    {
        var serverOptions = new DtlsHandshakeOptions { SrtpProfiles = [SrtpProfile.AeadAes128Gcm] };
        var clientOptions = new DtlsHandshakeOptions { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1_80] };
        using var pair = new DtlsTestPair(serverOptions, clientOptions);

        Task<DtlsHandshakeResult> server = pair.Server.RunAsync();
        Task<DtlsHandshakeResult> client = pair.Client.RunAsync();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(TestGuard));
        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(TestGuard));
        // The server leaves use_srtp out of its ServerHello (RFC 5764 4.1.1); the client aborts on that at once.
        Assert.Equal(DtlsFailureReason.NoCommonSrtpProfile, clientError.Reason);
        Assert.Equal(DtlsFailureReason.NoCommonSrtpProfile, serverError.Reason);
    }

    [Fact]
    public async Task Server_rejects_a_client_certificate_that_does_not_match_the_sdp_fingerprint()
    {
        string wrong = DtlsCertificate.CreateSelfSigned().Sha256Fingerprint;
        using var pair = new DtlsTestPair(serverExpects: wrong);

        Task<DtlsHandshakeResult> server = pair.Server.RunAsync();
        Task<DtlsHandshakeResult> client = pair.Client.RunAsync();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(TestGuard));
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, serverError.Reason);
        Assert.Contains(pair.ClientCertificate.Sha256Fingerprint, serverError.Message);
        Assert.Contains(wrong, serverError.Message);
        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(TestGuard));
        Assert.Equal(DtlsFailureReason.PeerAlert, clientError.Reason);
        Assert.False(pair.Server.IsConnected);
    }

    [Fact]
    public async Task Client_rejects_a_server_certificate_that_does_not_match_the_sdp_fingerprint()
    {
        string wrong = DtlsCertificate.CreateSelfSigned().Sha256Fingerprint;
        using var pair = new DtlsTestPair(clientExpects: wrong);

        Task<DtlsHandshakeResult> server = pair.Server.RunAsync();
        Task<DtlsHandshakeResult> client = pair.Client.RunAsync();

        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(TestGuard));
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, clientError.Reason);
        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(TestGuard));
        Assert.Equal(DtlsFailureReason.PeerAlert, serverError.Reason);
    }

    [Fact]
    public async Task Handshake_survives_losing_every_third_datagram_early_on()
    {
        // Drop datagrams 2, 5 and 8 in each direction: flights must be retransmitted to finish.
        static bool Lossy(int index, ReadOnlyMemory<byte> datagram) => index < 9 && index % 3 == 2;
        using var pair = new DtlsTestPair(dropFromServer: Lossy, dropFromClient: Lossy);

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await RunBothAsync(pair);

        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
        Assert.True(pair.ServerEndpoint.DroppedOutgoing + pair.ClientEndpoint.DroppedOutgoing >= 2);
    }

    [Fact]
    public async Task Lost_final_flight_is_resent_after_the_server_handshake_returned()
    {
        // Drop the server's first ChangeCipherSpec and first epoch-1 record (its Finished). The server's Accept has
        // already returned, so only the post-handshake record pump can answer the client's retransmission.
        int dropped = 0;
        bool DropServerFinalFlightOnce(int index, ReadOnlyMemory<byte> datagram)
        {
            ReadOnlySpan<byte> bytes = datagram.Span;
            bool finalFlight = bytes.Length >= 5 && (bytes[0] == 20 || (bytes[3] << 8 | bytes[4]) == 1);
            return finalFlight && Interlocked.Increment(ref dropped) <= 2;
        }

        using var pair = new DtlsTestPair(dropFromServer: DropServerFinalFlightOnce);

        (DtlsHandshakeResult server, DtlsHandshakeResult client) = await RunBothAsync(pair);

        Assert.Equal(server.KeyingMaterial, client.KeyingMaterial);
        Assert.Equal(2, pair.ServerEndpoint.DroppedOutgoing);
    }

    [Fact]
    public async Task Server_times_out_when_no_client_ever_speaks()
    {
        var options = new DtlsHandshakeOptions { Timeout = TimeSpan.FromSeconds(1) };
        using var pair = new DtlsTestPair(serverOptions: options);

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Server.RunAsync().WaitAsync(TestGuard));

        Assert.Equal(DtlsFailureReason.Timeout, error.Reason);
        Assert.True(pair.Server.Channel.IsClosed);
    }

    [Fact]
    public async Task Client_times_out_when_the_server_never_answers()
    {
        var options = new DtlsHandshakeOptions { Timeout = TimeSpan.FromSeconds(1.5) };
        using var pair = new DtlsTestPair(clientOptions: options);

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Client.RunAsync().WaitAsync(TestGuard));

        Assert.Equal(DtlsFailureReason.Timeout, error.Reason);
        // The ClientHello was sent and retransmitted at least once (BouncyCastle's first resend is after 1 s).
        Assert.True(pair.ClientEndpoint.SentOutgoing >= 2, $"sent {pair.ClientEndpoint.SentOutgoing}");
    }

    [Fact]
    public async Task Close_notify_from_the_client_raises_closed_on_the_server()
    {
        using var pair = new DtlsTestPair();
        var serverClosed = new TaskCompletionSource<DtlsCloseReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clientClosed = new TaskCompletionSource<DtlsCloseReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Closed += reason => serverClosed.TrySetResult(reason);
        pair.Client.Closed += reason => clientClosed.TrySetResult(reason);
        await RunBothAsync(pair);

        pair.Client.Close();

        Assert.Equal(DtlsCloseReason.LocalClose, await clientClosed.Task.WaitAsync(TestGuard));
        Assert.Equal(DtlsCloseReason.PeerCloseNotify, await serverClosed.Task.WaitAsync(TestGuard));
        Assert.False(pair.Server.IsConnected);
        Assert.True(pair.Server.Channel.IsClosed);
    }

    [Fact]
    public async Task Application_data_flows_both_ways_after_the_handshake()
    {
        using var pair = new DtlsTestPair();
        var atServer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atClient = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.ApplicationDataReceived = data => atServer.TrySetResult(data.ToArray());
        pair.Client.ApplicationDataReceived = data => atClient.TrySetResult(data.ToArray());
        await RunBothAsync(pair);

        pair.Client.SendApplicationData("ping"u8);
        Assert.Equal("ping"u8.ToArray(), await atServer.Task.WaitAsync(TestGuard));
        pair.Server.SendApplicationData("pong"u8);
        Assert.Equal("pong"u8.ToArray(), await atClient.Task.WaitAsync(TestGuard));
    }

    [Fact]
    public async Task Cancelling_a_running_handshake_cancels_its_task()
    {
        using var pair = new DtlsTestPair();
        using var cts = new CancellationTokenSource();
        Task<DtlsHandshakeResult> server = pair.Server.RunAsync(cts.Token);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.WaitAsync(TestGuard));
        Assert.True(pair.Server.Channel.IsClosed);
    }

    [Fact]
    public async Task Closing_a_running_handshake_fails_it_as_closed()
    {
        using var pair = new DtlsTestPair();
        Task<DtlsHandshakeResult> server = pair.Server.RunAsync();

        pair.Server.Close();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(TestGuard));
        Assert.Equal(DtlsFailureReason.Closed, error.Reason);
    }

    internal static async Task<(DtlsHandshakeResult Server, DtlsHandshakeResult Client)> RunBothAsync(DtlsTestPair pair)
    {
        Task<DtlsHandshakeResult> server = pair.Server.RunAsync();
        Task<DtlsHandshakeResult> client = pair.Client.RunAsync();
        return (await server.WaitAsync(TestGuard), await client.WaitAsync(TestGuard));
    }
}
