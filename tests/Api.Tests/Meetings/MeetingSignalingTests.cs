using System.Net;
using System.Text.Json;
using Api.Meetings;
using Api.Tests.Infrastructure;
using Signaling.Auth;
using Signaling.Tests.Hosting;

namespace Api.Tests.Meetings;

/// <summary>
/// The meeting lifecycle through real /ws connections: admission by the store, attendance rows, chat stored before it
/// is broadcast and replayed to a late joiner, removal that bans, end that disconnects, and each refused token kind.
/// </summary>
public abstract class MeetingSignalingTests(DatabaseKind kind) : DatabaseTestBase(kind)
{
    [Fact]
    public async Task ChatIsStoredAndALateJoinerGetsTheHistory()
    {
        string host = await Host.SignUpAsync("chat@example.com", name: "Hana");
        string code = await Host.CreateMeetingAsync(host);
        (WsTestClient hana, _) = await Host.JoinAsync(code, "", host);
        await hana.SendAsync(new { type = "chat", text = "first'); DROP TABLE chat_messages;--" });
        await hana.ReceiveAsync("chat");
        await hana.SendAsync(new { type = "chat", text = "second" });
        await hana.ReceiveAsync("chat");

        (WsTestClient late, _) = await Host.JoinAsync(code, "Late Larry");
        JsonElement first = await late.ReceiveAsync("chat");
        JsonElement second = await late.ReceiveAsync("chat");
        Assert.Equal("first'); DROP TABLE chat_messages;--", first.GetProperty("text").GetString());
        Assert.True(first.GetProperty("history").GetBoolean());
        Assert.Equal("second", second.GetProperty("text").GetString());
        Assert.Equal("Hana", second.GetProperty("name").GetString());

        JsonElement page = await Host.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/chat?limit=1", host);
        Assert.Equal("second", Assert.Single(page.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
        long before = page.GetProperty("nextBefore").GetInt64();
        JsonElement older = await Host.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/chat?before={before}&limit=10", host);
        Assert.Equal("first'); DROP TABLE chat_messages;--", Assert.Single(older.GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
        await AssertBadFieldAsync(await Host.SendAsync(HttpMethod.Get, $"/api/meetings/{code}/chat?limit=0", host), "limit");
    }

    [Fact]
    public async Task ARemovedGuestIsKickedAndCannotRejoinAndEndingTellsEveryone()
    {
        string host = await Host.SignUpAsync("boss@example.com", name: "Boss");
        string code = await Host.CreateMeetingAsync(host);
        (WsTestClient boss, _) = await Host.JoinAsync(code, "", host);
        // The join is recorded right after `joined` is sent: the status follows within moments.
        await Eventually.ThatAsync(async () => (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("status").GetString() == "active");

        JsonElement grant = await Host.JoinTokenAsync(code, "Troll", guestKey: "troll-browser");
        WsTestClient troll = await Host.ConnectWithTokenAsync(grant.GetProperty("token").GetString());
        string trollId = (await troll.ReceiveAsync("joined")).GetProperty("participantId").GetString()!;
        (WsTestClient friend, _) = await Host.JoinAsync(code, "Friend", guestKey: "friend-browser");

        using (HttpResponseMessage removed = await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{code}/participants/{trollId}/remove", host))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.Equal("kicked", (await troll.ReceiveAsync("leave")).GetProperty("reason").GetString());
        Assert.Equal(trollId, (await boss.ReceiveAsync("participantLeft")).GetProperty("participantId").GetString());

        // The same token again, and a new token for the same guest browser: both refused.
        WsTestClient again = await Host.ConnectWithTokenAsync(grant.GetProperty("token").GetString());
        Assert.Equal(Signaling.Protocol.ErrorCodes.ParticipantRemoved, (await again.ReceiveAsync("error")).GetProperty("code").GetString());
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{code}/join", body: new { displayName = "Troll 2", guestKey = "troll-browser" }), HttpStatusCode.Forbidden);

        await Host.JsonAsync(HttpMethod.Post, $"/api/meetings/{code}/end", host);
        Assert.Equal("meetingEnded", (await boss.ReceiveAsync("leave")).GetProperty("reason").GetString());
        Assert.Equal("meetingEnded", (await friend.ReceiveAsync("leave")).GetProperty("reason").GetString());
        WsTestClient afterEnd = await Host.ConnectWithTokenAsync(grant.GetProperty("token").GetString());
        Assert.Equal(Signaling.Protocol.ErrorCodes.ParticipantRemoved, (await afterEnd.ReceiveAsync("error")).GetProperty("code").GetString());

        await Host.Service<AttendanceWriter>().DrainedAsync();
        JsonElement attendance = await Host.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/participants", host);
        JsonElement[] rows = [.. attendance.GetProperty("participants").EnumerateArray()];
        Assert.Equal(3, rows.Length);
        Assert.All(rows, row =>
        {
            Assert.NotEqual(JsonValueKind.Null, row.GetProperty("joinedAt").ValueKind);
            Assert.True(row.GetProperty("leftAt").GetDateTimeOffset() >= row.GetProperty("joinedAt").GetDateTimeOffset());
        });
        Assert.Equal(["host", "guest", "guest"], rows.Select(r => r.GetProperty("role").GetString()));
        Assert.Equal(["meeting_ended", "removed", "meeting_ended"], rows.Select(r => r.GetProperty("leaveReason").GetString()));
        Assert.True(rows[1].GetProperty("removed").GetBoolean());
    }

    [Fact]
    public async Task AnEndedMeetingRefusesATokenIssuedBeforeTheEnd()
    {
        string host = await Host.SignUpAsync("ender@example.com");
        string code = await Host.CreateMeetingAsync(host);
        string token = (await Host.JoinTokenAsync(code, "Early")).GetProperty("token").GetString()!;
        await Host.JsonAsync(HttpMethod.Post, $"/api/meetings/{code}/end", host);
        WsTestClient client = await Host.ConnectWithTokenAsync(token);
        JsonElement error = await client.ReceiveAsync("error");
        Assert.Equal(Signaling.Protocol.ErrorCodes.MeetingEnded, error.GetProperty("code").GetString());
        await client.WaitClosedAsync();
    }

    [Fact]
    public async Task ALockedMeetingRefusesAGuestTokenIssuedBeforeTheLock()
    {
        string host = await Host.SignUpAsync("locker@example.com");
        string code = await Host.CreateMeetingAsync(host);
        string token = (await Host.JoinTokenAsync(code, "Slow")).GetProperty("token").GetString()!;
        await Host.JsonAsync(HttpMethod.Post, $"/api/meetings/{code}/lock", host);
        WsTestClient client = await Host.ConnectWithTokenAsync(token);
        Assert.Equal(Signaling.Protocol.ErrorCodes.MeetingLocked, (await client.ReceiveAsync("error")).GetProperty("code").GetString());
    }

    [Fact]
    public async Task MissingExpiredTamperedAndOtherMeetingTokensAreRefused()
    {
        string host = await Host.SignUpAsync("tokens@example.com");
        string code = await Host.CreateMeetingAsync(host);
        string otherCode = await Host.CreateMeetingAsync(host);
        JsonElement grant = await Host.JoinTokenAsync(code, "Val");
        string participantId = grant.GetProperty("participantId").GetString()!;
        JoinTokens tokens = Host.Service<JoinTokens>();

        string expired = tokens.Issue(new JoinTokenPayload(code, "Val", participantId, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), "guest"));
        string token = grant.GetProperty("token").GetString()!;
        string tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        string otherMeeting = tokens.Issue(new JoinTokenPayload(otherCode, "Val", participantId, DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(), "guest"));
        string noSuchParticipant = tokens.Issue(new JoinTokenPayload(code, "Val", "999999", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(), "guest"));

        WsTestClient without = await Host.ConnectWithTokenAsync(null);
        JsonElement missing = await without.ReceiveAsync("error");
        Assert.Equal(Signaling.Protocol.ErrorCodes.BadRequest, missing.GetProperty("code").GetString());
        Assert.Equal("token", missing.GetProperty("field").GetString());

        foreach ((string bad, string because) in new[] { (expired, "expired"), (tampered, "signature"), (otherMeeting, "participant"), (noSuchParticipant, "participant") })
        {
            WsTestClient client = await Host.ConnectWithTokenAsync(bad);
            JsonElement error = await client.ReceiveAsync("error");
            Assert.Equal(Signaling.Protocol.ErrorCodes.Unauthorized, error.GetProperty("code").GetString());
            string message = error.GetProperty("message").GetString()!;
            Assert.True(message.Contains(because, StringComparison.Ordinal), message);
        }

        // The genuine token still works after all that.
        WsTestClient good = await Host.ConnectWithTokenAsync(token);
        Assert.Equal(participantId, (await good.ReceiveAsync("joined")).GetProperty("participantId").GetString());
    }
}

public sealed class SqliteMeetingSignalingTests() : MeetingSignalingTests(DatabaseKind.Sqlite);

public sealed class PostgresMeetingSignalingTests() : MeetingSignalingTests(DatabaseKind.Postgres);
