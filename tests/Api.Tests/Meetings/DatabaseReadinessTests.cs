using System.Net;
using Api.Tests.Infrastructure;
using Npgsql;

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
        string viaForwarder = new NpgsqlConnectionStringBuilder(_database!.ConnectionString) { Host = "127.0.0.1", Port = forwarder.Port, Timeout = 3 }.ConnectionString;
        await using MeetingsHost host = await MeetingsHost.StartAsync(
            _database,
            "--ConnectionStrings:Meetings", viaForwarder);

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/readyz")).StatusCode);
        await forwarder.CutAsync();
        await Eventually.ThatAsync(async () => (await host.Http.GetAsync("/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/healthz")).StatusCode); // alive, just not ready

        forwarder.Start();
        await Eventually.ThatAsync(async () => (await host.Http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, timeoutMs: 30_000);
    }
}
