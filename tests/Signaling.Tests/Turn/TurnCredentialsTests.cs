using System.Text.Json;
using Microsoft.Extensions.Options;
using Signaling.Tests.Fakes;
using Signaling.Tests.Hosting;
using Signaling.Turn;

namespace Signaling.Tests.Turn;

/// <summary>The TURN REST API credential scheme coturn checks with use-auth-secret, and its hand-out in <c>joined</c>.</summary>
public sealed class TurnCredentialsTests
{
    private const string Secret = "north-pole-shared-secret";

    [Fact]
    public void UsernameIsExpiryColonParticipantAndPasswordIsBase64HmacSha1OfIt()
    {
        // The expected password was computed independently:
        // printf '%s' "1796000000:p-alice" | openssl dgst -sha1 -hmac "north-pole-shared-secret" -binary | base64
        TurnCredential credential = TurnCredentials.Create(Secret, "p-alice", DateTimeOffset.FromUnixTimeSeconds(1796000000));

        Assert.Equal("1796000000:p-alice", credential.Username);
        Assert.Equal("gkKkslct4j7OGCNau2ovON+uCPM=", credential.Password);
    }

    [Fact]
    public void IssuedCredentialsExpireAfterTheLifetimeAndDifferPerParticipant()
    {
        var time = new FakeTimeProvider(); // 2025-01-01 12:00 UTC, unix 1735732800
        var turn = new TurnCredentials(
            Options.Create(new TurnOptions { Urls = ["turn:127.0.0.1:3478"], Secret = Secret, CredentialLifetime = TimeSpan.FromMinutes(10) }), time);

        TurnCredential alice = turn.Issue("alice");
        TurnCredential bob = turn.Issue("bob");

        Assert.Equal("1735733400:alice", alice.Username);
        Assert.NotEqual(alice.Password, bob.Password);
        Assert.Equal(TurnCredentials.Create(Secret, "alice", time.GetUtcNow().AddMinutes(10)), alice);
    }

    [Theory]
    [InlineData(new[] { "stun:stun.example.com" }, Secret, 60, "must start with turn:")]
    [InlineData(new[] { "turn:127.0.0.1:3478" }, "short", 60, "Turn:Secret must be set")]
    [InlineData(new string[0], Secret, 60, "Turn:Urls is empty")]
    [InlineData(new[] { "turn:127.0.0.1:3478" }, Secret, 0, "Turn:CredentialLifetime")]
    public void BadSettingsAreNamed(string[] urls, string secret, int lifetimeSeconds, string problem)
    {
        var options = new TurnOptions { Urls = [.. urls], Secret = secret, CredentialLifetime = TimeSpan.FromSeconds(lifetimeSeconds) };

        Assert.Contains(options.Problems(), p => p.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void UsableSettingsHaveNoProblems()
    {
        Assert.Empty(new TurnOptions().Problems());
        Assert.Empty(new TurnOptions { Urls = ["turn:127.0.0.1:3478?transport=udp", "turns:turn.example.com:5349"], Secret = Secret }.Problems());
    }

    [Fact]
    public async Task JoinedCarriesTheStunServersAndATurnCredentialOfThisParticipantsOwn()
    {
        await using SignalingTestHost host = await SignalingTestHost.StartAsync(
            "--Turn:Urls:0", "turn:127.0.0.1:3478", "--Turn:Secret", Secret, "--Turn:CredentialLifetime", "00:05:00",
            "--Signaling:IceServers:0:Urls:0", "stun:127.0.0.1:3478");
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        WsTestClient client = await host.JoinAsync("turn-room", "Alice");
        JsonElement joined = await client.ReceiveAsync("joined");

        string participant = joined.GetProperty("participantId").GetString()!;
        JsonElement[] servers = [.. joined.GetProperty("iceServers").EnumerateArray()];
        Assert.Equal(2, servers.Length);
        Assert.Equal("stun:127.0.0.1:3478", servers[0].GetProperty("urls")[0].GetString());
        Assert.False(servers[0].TryGetProperty("credential", out JsonElement none) && none.ValueKind != JsonValueKind.Null);
        Assert.Equal("turn:127.0.0.1:3478", servers[1].GetProperty("urls")[0].GetString());
        string username = servers[1].GetProperty("username").GetString()!;
        string[] parts = username.Split(':');
        Assert.Equal(participant, parts[1]);
        long expiry = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry, before + 300, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
        Assert.Equal(TurnCredentials.Create(Secret, participant, DateTimeOffset.FromUnixTimeSeconds(expiry)).Password, servers[1].GetProperty("credential").GetString());
    }
}
