using System.Net;
using Api.Tests.Infrastructure;
using System.Text.Json;
using Npgsql;
using Signaling.Tests.Hosting;

namespace Api.Tests.Meetings;

/// <summary><c>/readyz</c> follows the database: 503 while PostgreSQL cannot be reached, 200 again when it is back.</summary>
public sealed class DatabaseReadinessTests : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task ReadyzIs503WhileTheDatabaseIsUnreachableAnd200WhenItIsBack()
    {
        var admin = new NpgsqlConnectionStringBuilder(PostgresTestDatabase.AdminConnectionString);
        IPAddress address = (await Dns.GetHostAddressesAsync(admin.Host!))[0];
        await using var forwarder = new TcpForwarder(new IPEndPoint(address, admin.Port));
        forwarder.Start();
        string viaForwarder = new NpgsqlConnectionStringBuilder(_database!.ConnectionString) { Host = "127.0.0.1", Port = forwarder.Port, Timeout = 5 }.ConnectionString;
        await using MeetingsHost host = await MeetingsHost.StartAsync(
            _database,
            "--ConnectionStrings:Meetings", viaForwarder);

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/readyz")).StatusCode);
        string owner = await host.SignUpAsync("ready@example.com");
        (WsTestClient talker, _) = await host.JoinAsync(await host.CreateMeetingAsync(owner), "Talker");
        await forwarder.CutAsync();

        // Chat that cannot be stored is not broadcast; the sender is told and stays connected.
        await talker.SendAsync(new { type = "chat", id = "c1", text = "lost?" });
        JsonElement error = await talker.ReceiveAsync("error");
        Assert.Equal(Signaling.Protocol.ErrorCodes.ChatNotStored, error.GetProperty("code").GetString());
        Assert.Null(talker.CloseStatus);

        await Eventually.ThatAsync(async () => (await host.Http.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/healthz")).StatusCode); // alive, just not ready

        forwarder.Start();
        await Eventually.ThatAsync(async () => (await host.Http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, timeoutMs: 30_000);
    }
}
