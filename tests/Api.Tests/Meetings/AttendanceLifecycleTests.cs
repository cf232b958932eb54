using System.Text.Json;
using Api.Persistence;
using Api.Tests.Infrastructure;
using Dapper;
using Signaling.Tests.Hosting;

namespace Api.Tests.Meetings;

/// <summary>
/// What the issue asks of the lifecycle beyond the endpoints: a dropped connection that does not come back closes its
/// row as <c>disconnected</c>; migrations are applied once when two servers start on one database at the same time.
/// </summary>
public abstract class AttendanceLifecycleTests(DatabaseKind kind) : DatabaseTestBase(kind)
{
    protected override string[] HostSettings => ["--Signaling:ReconnectGrace", "00:00:01"];

    [Fact]
    public async Task ADroppedConnectionThatDoesNotComeBackClosesItsRowAsDisconnected()
    {
        string host = await Host.SignUpAsync("drop@example.com");
        string code = await Host.CreateMeetingAsync(host);
        (WsTestClient stays, _) = await Host.JoinAsync(code, "Stays", guestKey: "stays");
        (WsTestClient drops, string dropsId) = await Host.JoinAsync(code, "Drops", guestKey: "drops");

        drops.Abort(); // no leave message: the network went away

        JsonElement left = await stays.ReceiveAsync("participantLeft");
        Assert.Equal(dropsId, left.GetProperty("participantId").GetString());
        await Eventually.ThatAsync(async () =>
        {
            JsonElement[] rows = [.. (await Host.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/participants", host)).GetProperty("participants").EnumerateArray()];
            return rows.Single(r => r.GetProperty("id").GetString() == dropsId).GetProperty("leaveReason").GetString() == "disconnected";
        });
    }

    [Fact]
    public async Task TwoServersStartingAtOnceOnAFreshDatabaseApplyEachMigrationOnce()
    {
        await using TestDatabase fresh = Database is PostgresTestDatabase ? await PostgresTestDatabase.CreateAsync() : new SqliteTestDatabase();

        Task<MeetingsHost>[] starting = [MeetingsHost.StartAsync(fresh), MeetingsHost.StartAsync(fresh)];
        MeetingsHost[] hosts = await Task.WhenAll(starting);
        try
        {
            MeetingsDatabase database = hosts[0].Service<MeetingsDatabase>();
            await using System.Data.Common.DbConnection connection = await database.OpenAsync();
            string[] scripts = [.. await connection.QueryAsync<string>("SELECT scriptname FROM schemaversions ORDER BY scriptname")];
            Assert.Equal(scripts.Distinct().Count(), scripts.Length);
            Assert.Equal(2, scripts.Length); // 0001_meetings, 0002_participant_owner_and_device
            string token = await hosts[0].SignUpAsync("both@example.com");
            string code = await hosts[0].CreateMeetingAsync(token);
            Assert.Equal(code, (await hosts[1].JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("code").GetString());
        }
        finally
        {
            foreach (MeetingsHost started in hosts)
            {
                await started.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteAttendanceLifecycleTests() : AttendanceLifecycleTests(DatabaseKind.Sqlite);

public sealed class PostgresAttendanceLifecycleTests() : AttendanceLifecycleTests(DatabaseKind.Postgres);
