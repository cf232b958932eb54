using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Api.Meetings;
using Api.Tests.Infrastructure;
using Signaling.Tests.Hosting;

namespace Api.Tests.Operations;

/// <summary>
/// The operator API (<c>/api/rooms</c>) on the real server and database: its kick and end change the database exactly
/// as the host's remove and end do (row closed with reason <c>removed</c> and banned, meeting <c>ended</c>), and its
/// bearer key guards every endpoint.
/// </summary>
public abstract class OperatorApiTests(DatabaseKind kind) : DatabaseTestBase(kind)
{
    private const string Key = "operator-key-0123456789";

    protected override string[] HostSettings => ["--Signaling:OperatorKey", Key];

    [Fact]
    public async Task KickDisconnectsClosesTheRowAsRemovedAndBansLikeTheHostsRemove()
    {
        (string code, WsTestClient host, _) = await MeetingWithHostAsync("kick@example.com");
        JsonElement grant = await Host.JoinTokenAsync(code, "Bob", guestKey: "bob-browser");
        WsTestClient bob = await Host.ConnectWithTokenAsync(grant.GetProperty("token").GetString());
        string bobId = (await bob.ReceiveAsync("joined")).GetProperty("participantId").GetString()!;
        await host.ReceiveAsync("participantJoined");

        JsonElement body = await OperatorJsonAsync(HttpMethod.Post, $"/api/rooms/{code}/participants/{bobId}/kick");

        Assert.Equal("kicked", body.GetProperty("reason").GetString());
        Assert.Equal(bobId, body.GetProperty("participantId").GetString());
        Assert.Equal(1, body.GetProperty("removed").GetInt32());
        Assert.Equal("kicked", (await bob.ReceiveAsync("leave")).GetProperty("reason").GetString());
        await bob.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, bob.CloseStatus);
        JsonElement left = await host.ReceiveAsync("participantLeft");
        Assert.Equal(bobId, left.GetProperty("participantId").GetString());
        Assert.Equal("kicked", left.GetProperty("reason").GetString());

        ParticipantRow row = await RowAsync(bobId);
        Assert.Equal(1, row.Removed);
        Assert.Equal(AttendanceReasons.Removed, row.LeaveReason);
        Assert.NotNull(row.LeftAt);
        WsTestClient again = await Host.ConnectWithTokenAsync(grant.GetProperty("token").GetString());
        Assert.Equal(Signaling.Protocol.ErrorCodes.ParticipantRemoved, (await again.ReceiveAsync("error")).GetProperty("code").GetString());
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{code}/join", body: new { displayName = "Bob", guestKey = "bob-browser" }), HttpStatusCode.Forbidden);
        Assert.Single((await RoomsAsync()).Single(r => r.GetProperty("id").GetString() == code).GetProperty("participants").EnumerateArray());
    }

    [Fact]
    public async Task KickOfSomeoneNotConnectedStillBansThemAndSaysNobodyWasDisconnected()
    {
        (string code, _, _) = await MeetingWithHostAsync("absent@example.com");
        string tokenOnly = (await Host.JoinTokenAsync(code, "Later", guestKey: "later-browser")).GetProperty("participantId").GetString()!;

        JsonElement body = await OperatorJsonAsync(HttpMethod.Post, $"/api/rooms/{code}/participants/{tokenOnly}/kick");

        Assert.Equal(0, body.GetProperty("removed").GetInt32());
        Assert.Equal(1, (await RowAsync(tokenOnly)).Removed);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{code}/join", body: new { displayName = "Later", guestKey = "later-browser" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task KickedDuringTheReconnectGraceIsRefusedOnResumeAndCannotGetANewToken()
    {
        (string code, _, _) = await MeetingWithHostAsync("flaky@example.com");
        JsonElement grant = await Host.JoinTokenAsync(code, "Flaky", guestKey: "flaky-browser");
        WsTestClient flaky = await Host.ConnectWithTokenAsync(grant.GetProperty("token").GetString());
        JsonElement joined = await flaky.ReceiveAsync("joined");
        string flakyId = joined.GetProperty("participantId").GetString()!;
        flaky.Abort();
        await Eventually.ThatAsync(async () => (await RoomsAsync()).Single(r => r.GetProperty("id").GetString() == code)
            .GetProperty("participants").EnumerateArray().Any(p => !p.GetProperty("connected").GetBoolean()));

        Assert.Equal(1, (await OperatorJsonAsync(HttpMethod.Post, $"/api/rooms/{code}/participants/{flakyId}/kick")).GetProperty("removed").GetInt32());

        // The browser comes back as it always does, with its resume token and its meeting token: refused, not resumed.
        await using WsTestClient back = await WsTestClient.ConnectAsync(Host.Base);
        await back.SendAsync(new { type = "join", token = grant.GetProperty("token").GetString(), resumeToken = joined.GetProperty("resumeToken").GetString() });
        Assert.Equal("kicked", (await back.ReceiveAsync("leave")).GetProperty("reason").GetString());
        Assert.DoesNotContain("joined", await back.RemainingTypesAfterCloseAsync());
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{code}/join", body: new { displayName = "Flaky", guestKey = "flaky-browser" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task EndTellsEveryoneAndEndsTheMeetingInTheDatabaseLikeTheHostsEnd()
    {
        (string code, WsTestClient host, string hostToken) = await MeetingWithHostAsync("end@example.com");
        (WsTestClient guest, _) = await Host.JoinAsync(code, "Guest", guestKey: "guest-browser");
        string other = await Host.CreateMeetingAsync(hostToken, "Stays");
        (WsTestClient elsewhere, _) = await Host.JoinAsync(other, "Elsewhere", guestKey: "elsewhere-browser");

        JsonElement body = await OperatorJsonAsync(HttpMethod.Post, $"/api/rooms/{code}/end");

        Assert.Equal("meetingEnded", body.GetProperty("reason").GetString());
        Assert.Equal(2, body.GetProperty("removed").GetInt32());
        foreach (WsTestClient client in new[] { host, guest })
        {
            Assert.Equal("meetingEnded", (await client.ReceiveAsync("leave")).GetProperty("reason").GetString());
            Assert.DoesNotContain("participantLeft", await client.RemainingTypesAfterCloseAsync());
        }

        JsonElement meeting = await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code);
        Assert.Equal(MeetingStatus.Ended, meeting.GetProperty("status").GetString());
        Assert.Equal(MeetingEndReasons.Operator, meeting.GetProperty("endReason").GetString());
        await Host.Service<AttendanceWriter>().DrainedAsync();
        JsonElement[] rows = [.. (await Host.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/participants", hostToken)).GetProperty("participants").EnumerateArray()];
        Assert.Equal(["meeting_ended", "meeting_ended"], rows.Select(r => r.GetProperty("leaveReason").GetString()));
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{code}/join", body: new { displayName = "After" }), HttpStatusCode.Gone);
        await AssertErrorAsync(HttpMethod.Post, $"/api/rooms/{code}/end", HttpStatusCode.Gone, "meeting_ended", "room");

        await elsewhere.SendAsync(new { type = "ping", id = "p" });
        Assert.Equal("p", (await elsewhere.ReceiveAsync("pong")).GetProperty("id").GetString());
        Assert.Equal(MeetingStatus.Active, (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + other)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task MissingOrWrongKeyGets401AndChangesNothing()
    {
        (string code, WsTestClient host, _) = await MeetingWithHostAsync("guard@example.com");
        string hostId = (await Host.Service<ParticipantRepository>().ListAsync((await Host.Service<MeetingRepository>().FindByCodeAsync(code))!.Id))[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string kick = $"/api/rooms/{code}/participants/{hostId}/kick";
        foreach (string? key in new[] { null, "", "wrong-key-0123456789", Key + "x", Key[..^1], Key.ToUpperInvariant() })
        {
            foreach ((HttpMethod method, string path) in new[] { (HttpMethod.Post, kick), (HttpMethod.Post, $"/api/rooms/{code}/end"), (HttpMethod.Get, "/api/rooms") })
            {
                using HttpResponseMessage response = await OperatorAsync(method, path, key);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
                JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("error", error.GetProperty("type").GetString());
                Assert.Equal("unauthorized", error.GetProperty("code").GetString());
            }
        }

        using var basic = new HttpRequestMessage(HttpMethod.Post, kick);
        basic.Headers.TryAddWithoutValidation("Authorization", "Basic " + Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Http.SendAsync(basic)).StatusCode);

        await host.SendAsync(new { type = "ping", id = "still-here" });
        Assert.Equal("still-here", (await host.ReceiveAsync("pong")).GetProperty("id").GetString());
        Assert.Equal(0, (await RowAsync(hostId)).Removed);
        Assert.Equal(MeetingStatus.Active, (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnknownMeetingOrParticipantGets404AndABadCode400()
    {
        (string code, _, string hostToken) = await MeetingWithHostAsync("unknown@example.com");
        string other = await Host.CreateMeetingAsync(hostToken, "Other");
        string elsewhereId = (await Host.JoinTokenAsync(other, "Elsewhere", guestKey: "elsewhere")).GetProperty("participantId").GetString()!;

        await AssertErrorAsync(HttpMethod.Post, $"/api/rooms/{code}/participants/999999/kick", HttpStatusCode.NotFound, "not_found", "participantId");
        await AssertErrorAsync(HttpMethod.Post, $"/api/rooms/{code}/participants/p-not-a-row/kick", HttpStatusCode.NotFound, "not_found", "participantId");
        await AssertErrorAsync(HttpMethod.Post, $"/api/rooms/{code}/participants/{elsewhereId}/kick", HttpStatusCode.NotFound, "not_found", "participantId");
        await AssertErrorAsync(HttpMethod.Post, "/api/rooms/no-such-meeting/participants/1/kick", HttpStatusCode.NotFound, "not_found", "room");
        await AssertErrorAsync(HttpMethod.Post, "/api/rooms/no-such-meeting/end", HttpStatusCode.NotFound, "not_found", "room");
        await AssertErrorAsync(HttpMethod.Post, "/api/rooms/Bad_Code/end", HttpStatusCode.BadRequest, "bad_request", "room");
        await AssertErrorAsync(HttpMethod.Post, "/api/rooms/ab/participants/1/kick", HttpStatusCode.BadRequest, "bad_request", "room");
        Assert.Equal(0, (await RowAsync(elsewhereId)).Removed);
    }

    [Fact]
    public async Task ListRoomsShowsEachRoomsParticipantsAndWhetherTheyAreConnected()
    {
        (string code, _, _) = await MeetingWithHostAsync("list@example.com", "Lister");
        (WsTestClient guest, string guestId) = await Host.JoinAsync(code, "Gina", guestKey: "gina");

        JsonElement room = (await RoomsAsync()).Single(r => r.GetProperty("id").GetString() == code);
        Assert.Equal(["Gina", "Lister"], room.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        Assert.All(room.GetProperty("participants").EnumerateArray(), p => Assert.True(p.GetProperty("connected").GetBoolean()));

        guest.Abort();
        await Eventually.ThatAsync(async () => !(await RoomsAsync()).Single(r => r.GetProperty("id").GetString() == code)
            .GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("id").GetString() == guestId).GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task WithoutAnOperatorKeyEveryOperatorEndpointAnswers404EvenToABearer()
    {
        await using MeetingsHost keyless = await MeetingsHost.StartAsync(Database);
        foreach ((HttpMethod method, string path) in new[] { (HttpMethod.Get, "/api/rooms"), (HttpMethod.Post, "/api/rooms/some-room/participants/1/kick"), (HttpMethod.Post, "/api/rooms/some-room/end") })
        {
            foreach (string? key in new[] { null, "", Key })
            {
                using HttpRequestMessage request = MeetingsHost.Request(method, path, key);
                using HttpResponseMessage response = await keyless.Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("operator_api_disabled", error.GetProperty("code").GetString());
                Assert.Contains("Signaling:OperatorKey", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A meeting whose host (signed in) is connected; returns its code, the host's socket and sign-in token.</summary>
    private async Task<(string Code, WsTestClient Host, string HostToken)> MeetingWithHostAsync(string email, string name = "Host")
    {
        string token = await Host.SignUpAsync(email, name);
        string code = await Host.CreateMeetingAsync(token);
        (WsTestClient host, _) = await Host.JoinAsync(code, "", token);
        await Eventually.ThatAsync(async () => (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("status").GetString() == MeetingStatus.Active);
        return (code, host, token);
    }

    private async Task<ParticipantRow> RowAsync(string participantId)
    {
        await Host.Service<AttendanceWriter>().DrainedAsync();
        return (await Host.Service<ParticipantRepository>().FindAsync(long.Parse(participantId, System.Globalization.CultureInfo.InvariantCulture)))!;
    }

    private async Task<HttpResponseMessage> OperatorAsync(HttpMethod method, string path, string? key = Key)
    {
        using HttpRequestMessage request = MeetingsHost.Request(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await Host.Http.SendAsync(request);
    }

    private async Task<JsonElement> OperatorJsonAsync(HttpMethod method, string path)
    {
        using HttpResponseMessage response = await OperatorAsync(method, path);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement[]> RoomsAsync() => [.. (await OperatorJsonAsync(HttpMethod.Get, "/api/rooms")).GetProperty("rooms").EnumerateArray()];

    private async Task AssertErrorAsync(HttpMethod method, string path, HttpStatusCode status, string code, string field)
    {
        using HttpResponseMessage response = await OperatorAsync(method, path);
        Assert.Equal(status, response.StatusCode);
        JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }
}

public sealed class SqliteOperatorApiTests() : OperatorApiTests(DatabaseKind.Sqlite);

public sealed class PostgresOperatorApiTests() : OperatorApiTests(DatabaseKind.Postgres);
