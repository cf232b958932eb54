using System.Net;
using System.Text.Json;
using Api.Meetings;
using Api.Tests.Infrastructure;

namespace Api.Tests.Meetings;

/// <summary>Creating, reading, locking and ending meetings, and issuing meeting tokens, against a real database.</summary>
public abstract class MeetingsApiTests(DatabaseKind kind) : DatabaseTestBase(kind)
{
    [Fact]
    public async Task AHostCreatesListsAndReadsMeetings()
    {
        string host = await Host.SignUpAsync("host@example.com");
        string other = await Host.SignUpAsync("other@example.com");
        JsonElement created = await Host.JsonAsync(HttpMethod.Post, "/api/meetings", host, new { title = "  Planning  ", allowGuests = false }, expectedStatus: 201);
        string code = created.GetProperty("code").GetString()!;
        Assert.Matches("^[a-z]{4}-[a-z]{4}-[a-z]{4}$", code);
        Assert.Equal("Planning", created.GetProperty("title").GetString());
        Assert.Equal("created", created.GetProperty("status").GetString());
        Assert.False(created.GetProperty("allowGuests").GetBoolean());
        Assert.Equal("/m/" + code, created.GetProperty("url").GetString());
        await Host.CreateMeetingAsync(other, "Someone else's");

        JsonElement mine = await Host.JsonAsync(HttpMethod.Get, "/api/meetings", host);
        JsonElement only = Assert.Single(mine.GetProperty("meetings").EnumerateArray());
        Assert.Equal(code, only.GetProperty("code").GetString());

        JsonElement anonymous = await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code);
        Assert.Equal("Planning", anonymous.GetProperty("title").GetString());
        Assert.False(anonymous.GetProperty("isHost").GetBoolean());
    }

    [Fact]
    public async Task MeetingCodesDifferEveryTime()
    {
        string host = await Host.SignUpAsync("codes@example.com");
        var codes = new HashSet<string>();
        for (int i = 0; i < 10; i++)
        {
            Assert.True(codes.Add(await Host.CreateMeetingAsync(host)));
        }
    }

    [Theory]
    [InlineData("{}", "title")]
    [InlineData("{\"title\":\"   \"}", "title")]
    [InlineData("{\"title\":\"tab\\tinside\"}", "title")]
    [InlineData("{\"title\":\"x\",\"allowGuests\":\"yes\"}", "body")]
    [InlineData("{\"title\":", "body")]
    public async Task BadMeetingsAre400ProblemsNamingTheField(string body, string field)
    {
        string host = await Host.SignUpAsync("bad@example.com");
        using HttpResponseMessage response = await PostRawAsync("/api/meetings", body, host);
        await AssertBadFieldAsync(response, field);
    }

    [Fact]
    public async Task AnOverLongTitleIsA400NamingTitle()
    {
        string host = await Host.SignUpAsync("long@example.com");
        using HttpResponseMessage response = await Host.SendAsync(HttpMethod.Post, "/api/meetings", host, new { title = new string('t', MeetingEndpoints.MaxTitleLength + 1) });
        await AssertBadFieldAsync(response, "title");
    }

    [Fact]
    public async Task SignInIsRequiredAndOnlyTheHostMayManage()
    {
        string host = await Host.SignUpAsync("owner@example.com");
        string stranger = await Host.SignUpAsync("stranger@example.com");
        string code = await Host.CreateMeetingAsync(host);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, "/api/meetings", body: new { title = "x" }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Get, "/api/meetings"), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{code}/end"), HttpStatusCode.Unauthorized);
        foreach ((HttpMethod method, string path) in new[]
                 {
                     (HttpMethod.Post, $"/api/meetings/{code}/end"), (HttpMethod.Post, $"/api/meetings/{code}/lock"),
                     (HttpMethod.Post, $"/api/meetings/{code}/unlock"), (HttpMethod.Get, $"/api/meetings/{code}/participants"),
                     (HttpMethod.Get, $"/api/meetings/{code}/chat"), (HttpMethod.Post, $"/api/meetings/{code}/participants/1/remove"),
                 })
        {
            await AssertProblemAsync(await Host.SendAsync(method, path, stranger), HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task UnknownCodesAre404Problems()
    {
        string host = await Host.SignUpAsync("lost@example.com");
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Get, "/api/meetings/zzzz-zzzz-zzzz"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, "/api/meetings/zzzz-zzzz-zzzz/join", body: new { displayName = "Al" }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, "/api/meetings/zzzz-zzzz-zzzz/end", host), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Get, "/api/meetings/' OR 1=1 --/participants", host), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task JoinIssuesHostAndGuestTokensAndRefusesWhatTheMeetingDoesNotAllow()
    {
        string host = await Host.SignUpAsync("roles@example.com", name: "Hostess");
        string open = await Host.CreateMeetingAsync(host);
        string membersOnly = await Host.CreateMeetingAsync(host, allowGuests: false);

        JsonElement asHost = await Host.JoinTokenAsync(open, "", host);
        Assert.Equal("host", asHost.GetProperty("role").GetString());
        Assert.Equal("Hostess", asHost.GetProperty("displayName").GetString());
        JsonElement asGuest = await Host.JoinTokenAsync(open, "  Gus  ");
        Assert.Equal("guest", asGuest.GetProperty("role").GetString());
        Assert.Equal("Gus", asGuest.GetProperty("displayName").GetString());
        Assert.NotEqual(asHost.GetProperty("participantId").GetString(), asGuest.GetProperty("participantId").GetString());

        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{membersOnly}/join", body: new { displayName = "Gus" }), HttpStatusCode.Unauthorized);
        await AssertBadFieldAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{open}/join", body: new { displayName = "" }), "displayName");
        await AssertBadFieldAsync(await PostRawAsync($"/api/meetings/{open}/join", "{\"displayName\":"), "body");
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{open}/join", "not-a-jwt", new { displayName = "Gus" }), HttpStatusCode.Unauthorized);

        await Host.JsonAsync(HttpMethod.Post, $"/api/meetings/{open}/lock", host);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{open}/join", body: new { displayName = "Late" }), HttpStatusCode.Forbidden);
        Assert.Equal("host", (await Host.JoinTokenAsync(open, "", host)).GetProperty("role").GetString());
        await Host.JsonAsync(HttpMethod.Post, $"/api/meetings/{open}/unlock", host);
        await Host.JoinTokenAsync(open, "Late");

        JsonElement ended = await Host.JsonAsync(HttpMethod.Post, $"/api/meetings/{open}/end", host);
        Assert.Equal("ended", ended.GetProperty("status").GetString());
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{open}/join", body: new { displayName = "After" }), HttpStatusCode.Gone);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{open}/end", host), HttpStatusCode.Gone);
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{open}/lock", host), HttpStatusCode.Gone);
    }

    [Fact]
    public async Task FiftyConcurrentJoinsWriteExactlyFiftyParticipantRows()
    {
        string host = await Host.SignUpAsync("crowd@example.com");
        string code = await Host.CreateMeetingAsync(host);
        Task<JsonElement>[] joins = new Task<JsonElement>[50];
        for (int i = 0; i < joins.Length; i++)
        {
            joins[i] = Host.JoinTokenAsync(code, "Guest " + i, guestKey: "key-" + i);
        }

        JsonElement[] granted = await Task.WhenAll(joins);
        Assert.Equal(50, granted.Select(g => g.GetProperty("participantId").GetString()).Distinct().Count());
        MeetingRow meeting = (await Host.Service<MeetingRepository>().FindByCodeAsync(code))!;
        IReadOnlyList<ParticipantRow> rows = await Host.Service<ParticipantRepository>().ListAsync(meeting.Id);
        Assert.Equal(50, rows.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "Guest " + i).Order(), rows.Select(r => r.DisplayName).Order());
    }

    [Fact]
    public async Task SqlInjectionStringsInMeetingsAreStoredAndReturnedLiterally()
    {
        const string title = "'; DROP TABLE meetings; -- \" OR \"1\"=\"1";
        const string guest = "x' OR '1'='1";
        string host = await Host.SignUpAsync("inject@example.com");
        string code = await Host.CreateMeetingAsync(host, title);
        Assert.Equal(title, (await Host.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("title").GetString());
        Assert.Equal(guest, (await Host.JoinTokenAsync(code, guest, guestKey: "'); DELETE FROM participants;--")).GetProperty("displayName").GetString());
        Assert.Single((await Host.JsonAsync(HttpMethod.Get, "/api/meetings", host)).GetProperty("meetings").EnumerateArray());
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheEndpoints()
    {
        JsonElement document = await Host.JsonAsync(HttpMethod.Get, "/openapi/v1.json");
        JsonElement paths = document.GetProperty("paths");
        foreach (string path in new[] { "/api/auth/register", "/api/auth/login", "/api/me", "/api/meetings", "/api/meetings/{code}/join", "/api/meetings/{code}/participants/{id}/remove", "/api/meetings/{code}/chat", "/api/rooms", "/api/rooms/{room}/end" })
        {
            Assert.True(paths.TryGetProperty(path, out _), "missing " + path);
        }

        using HttpResponseMessage reference = await Host.Http.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task MetricsCountMeetingsByStatus()
    {
        string host = await Host.SignUpAsync("metrics@example.com");
        await Host.CreateMeetingAsync(host, "Stays created");
        string ended = await Host.CreateMeetingAsync(host, "Ends");
        await Host.JsonAsync(HttpMethod.Post, $"/api/meetings/{ended}/end", host);

        string metrics = await Host.Http.GetStringAsync("/metrics");
        Assert.Contains("sfu_meetings{status=\"created\"} 1", metrics);
        Assert.Contains("sfu_meetings{status=\"active\"} 0", metrics);
        Assert.Contains("sfu_meetings{status=\"ended\"} 1", metrics);
    }
}

public sealed class SqliteMeetingsApiTests() : MeetingsApiTests(DatabaseKind.Sqlite);

public sealed class PostgresMeetingsApiTests() : MeetingsApiTests(DatabaseKind.Postgres);
