using System.Text.Json;
using Api.Meetings;
using Api.Tests.Infrastructure;
using Signaling.Tests.Hosting;

namespace Api.Tests.Meetings;

/// <summary>What outlives the process: a restart on the same database, a graceful stop's attendance, the empty-meeting end.</summary>
public abstract class MeetingPersistenceTests(DatabaseKind kind) : DatabaseTestBase(kind)
{
    protected override string[] HostSettings => ["--Meetings:EmptyGracePeriod", "00:00:01"];

    [Fact]
    public async Task ARestartKeepsUsersMeetingsParticipantsAndChatAndAGracefulStopClosesOpenRows()
    {
        string host = await Host.SignUpAsync("keep@example.com", name: "Keeper", password: "keep-me-please");
        string code = await Host.CreateMeetingAsync(host, "Kept");
        (WsTestClient keeper, _) = await Host.JoinAsync(code, "", host);
        (WsTestClient guest, _) = await Host.JoinAsync(code, "Guest");
        await keeper.SendAsync(new { type = "chat", text = "remember me" });
        await guest.ReceiveAsync("chat");

        // Nobody comes back here, so the restarted server ends the meeting once its grace period passes (see below):
        // long enough that this test reads it before.
        await RestartHostAsync("--Meetings:EmptyGracePeriod", "00:05:00");

        JsonElement login = await Host.JsonAsync(HttpMethod.Post, "/api/auth/login", body: new { email = "keep@example.com", password = "keep-me-please" });
        string token = login.GetProperty("token").GetString()!;
        JsonElement meeting = Assert.Single((await Host.JsonAsync(HttpMethod.Get, "/api/meetings", token)).GetProperty("meetings").EnumerateArray());
        Assert.Equal("Kept", meeting.GetProperty("title").GetString());
        Assert.Equal("active", meeting.GetProperty("status").GetString()); // a restart is not the end of a meeting
        JsonElement[] rows = [.. (await Host.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/participants", token)).GetProperty("participants").EnumerateArray()];
        Assert.Equal(2, rows.Length);
        Assert.All(rows, row => Assert.Equal("server_shutdown", row.GetProperty("leaveReason").GetString()));
        JsonElement chat = await Host.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/chat", token);
        Assert.Equal("remember me", Assert.Single(chat.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());

        // The old sign-in token still works: the signing key was kept in the data folder.
        Assert.Equal("Keeper", (await Host.JsonAsync(HttpMethod.Get, "/api/me", host)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task AMeetingEndsAfterItsLastParticipantLeftAndTheGracePeriodPassed()
    {
        string host = await Host.SignUpAsync("empty@example.com");
        string code = await Host.CreateMeetingAsync(host);
        (WsTestClient only, _) = await Host.JoinAsync(code, "Solo");
        await only.SendAsync(new { type = "leave" });
        await only.WaitClosedAsync();

        string status = "";
        for (int i = 0; i < 200 && status != MeetingStatus.Ended; i++)
        {
            await Task.Delay(100);
            status = (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("status").GetString()!;
        }

        Assert.Equal(MeetingStatus.Ended, status);
        JsonElement ended = await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code);
        Assert.Equal(MeetingEndReasons.Empty, ended.GetProperty("endReason").GetString());
        JsonElement row = Assert.Single((await Host.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/participants", host)).GetProperty("participants").EnumerateArray());
        Assert.Equal("left", row.GetProperty("leaveReason").GetString());
    }

    [Fact]
    public async Task AMeetingNobodyReturnsToAfterAGracefulRestartEndsAfterTheGracePeriod()
    {
        string host = await Host.SignUpAsync("restart@example.com");
        string code = await Host.CreateMeetingAsync(host);
        string other = await Host.CreateMeetingAsync(host, "Rejoined");
        await Host.JoinAsync(code, "Gone");
        await Host.JoinAsync(other, "Stays");

        // The graceful stop closes both rows (server_shutdown); the grace periods it would have started die with it.
        await RestartHostAsync();
        await Host.JoinAsync(other, "Back"); // someone comes back to one meeting only

        await Eventually.ThatAsync(async () => (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("status").GetString() == MeetingStatus.Ended);
        Assert.Equal(MeetingEndReasons.Empty, (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("endReason").GetString());
        await Task.Delay(1500);
        Assert.Equal(MeetingStatus.Active, (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + other)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AMeetingSomeoneRejoinsWithinTheGracePeriodStaysActive()
    {
        string host = await Host.SignUpAsync("back@example.com");
        string code = await Host.CreateMeetingAsync(host);
        (WsTestClient first, _) = await Host.JoinAsync(code, "First");
        await first.SendAsync(new { type = "leave" });
        await first.WaitClosedAsync();
        await Host.JoinAsync(code, "Second");
        await Task.Delay(2500);
        Assert.Equal(MeetingStatus.Active, (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task MeetingsByStatusCountsEachStatus()
    {
        string host = await Host.SignUpAsync("count@example.com");
        await Host.CreateMeetingAsync(host);
        string active = await Host.CreateMeetingAsync(host);
        string ended = await Host.CreateMeetingAsync(host);
        await Host.JoinAsync(active, "A");
        await Eventually.ThatAsync(async () => (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + active)).GetProperty("status").GetString() == MeetingStatus.Active);
        await Host.JsonAsync(HttpMethod.Post, $"/api/meetings/{ended}/end", host);
        IReadOnlyDictionary<string, long> counts = await Host.Service<MeetingRepository>().CountByStatusAsync();
        Assert.Equal(1, counts[MeetingStatus.Created]);
        Assert.Equal(1, counts[MeetingStatus.Active]);
        Assert.Equal(1, counts[MeetingStatus.Ended]);
    }
}

public sealed class SqliteMeetingPersistenceTests() : MeetingPersistenceTests(DatabaseKind.Sqlite);

public sealed class PostgresMeetingPersistenceTests() : MeetingPersistenceTests(DatabaseKind.Postgres);
