using System.Net;
using System.Text.Json;
using Api.Tests.Infrastructure;

namespace Api.Tests.Meetings;

/// <summary>Register, login and /api/me against a real database, including every way the input can be wrong.</summary>
public abstract class AccountsApiTests(DatabaseKind kind) : DatabaseTestBase(kind)
{
    [Fact]
    public async Task RegisterThenLoginThenMeReturnsTheAccount()
    {
        JsonElement created = await Host.JsonAsync(HttpMethod.Post, "/api/auth/register", body: new { email = "  Ana@Example.COM ", password = "s3cret-pass", name = " Ana Lima " }, expectedStatus: 201);
        Assert.Equal("ana@example.com", created.GetProperty("email").GetString());
        Assert.Equal("Ana Lima", created.GetProperty("name").GetString());

        JsonElement login = await Host.JsonAsync(HttpMethod.Post, "/api/auth/login", body: new { email = "ANA@example.com", password = "s3cret-pass" });
        string token = login.GetProperty("token").GetString()!;
        Assert.Equal(3, token.Split('.').Length); // a JWT
        Assert.True(login.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        JsonElement me = await Host.JsonAsync(HttpMethod.Get, "/api/me", token);
        Assert.Equal(created.GetProperty("id").GetInt64(), me.GetProperty("id").GetInt64());
        Assert.Equal("Ana Lima", me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task RegisteringAnEmailTwiceIsAConflictWhateverItsCase()
    {
        await Host.SignUpAsync("bo@example.com");
        using HttpResponseMessage again = await Host.SendAsync(HttpMethod.Post, "/api/auth/register", body: new { email = "BO@example.com", password = "another-pass", name = "Bo" });
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("{\"password\":\"long-enough\",\"name\":\"A\"}", "email")]
    [InlineData("{\"email\":\"not-an-email\",\"password\":\"long-enough\",\"name\":\"A\"}", "email")]
    [InlineData("{\"email\":\"a@b\",\"password\":\"long-enough\",\"name\":\"A\"}", "email")]
    [InlineData("{\"email\":\"a@example.com\",\"name\":\"A\"}", "password")]
    [InlineData("{\"email\":\"a@example.com\",\"password\":\"short\",\"name\":\"A\"}", "password")]
    [InlineData("{\"email\":\"a@example.com\",\"password\":\"long-enough\"}", "name")]
    [InlineData("{\"email\":\"a@example.com\",\"password\":\"long-enough\",\"name\":\"\\u0001\"}", "name")]
    [InlineData("{\"email\":", "body")]
    [InlineData("[1,2,3]", "body")]
    [InlineData("{\"email\":42,\"password\":\"long-enough\",\"name\":\"A\"}", "body")]
    [InlineData("null", "body")]
    public async Task BadRegistrationsAre400ProblemsNamingTheField(string body, string field)
    {
        using HttpResponseMessage response = await PostRawAsync("/api/auth/register", body);
        await AssertBadFieldAsync(response, field);
    }

    [Fact]
    public async Task AWrongPasswordOrUnknownAccountIs401()
    {
        await Host.SignUpAsync("cy@example.com", password: "right-password");
        using HttpResponseMessage wrong = await Host.SendAsync(HttpMethod.Post, "/api/auth/login", body: new { email = "cy@example.com", password = "wrong-password" });
        await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized);
        using HttpResponseMessage unknown = await Host.SendAsync(HttpMethod.Post, "/api/auth/login", body: new { email = "nobody@example.com", password = "right-password" });
        await AssertProblemAsync(unknown, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task MeWithoutOrWithATamperedTokenIs401Problem()
    {
        string token = await Host.SignUpAsync("di@example.com");
        using HttpResponseMessage none = await Host.SendAsync(HttpMethod.Get, "/api/me");
        await AssertProblemAsync(none, HttpStatusCode.Unauthorized);

        string[] parts = token.Split('.');
        string tampered = parts[0] + "." + parts[1].Replace('A', 'B') + (parts[1].Contains('A') ? "" : "x") + "." + parts[2];
        using HttpResponseMessage bad = await Host.SendAsync(HttpMethod.Get, "/api/me", tampered);
        await AssertProblemAsync(bad, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LoginIsRateLimitedPerAccountAcrossAttempts()
    {
        await Host.SignUpAsync("ed@example.com", password: "right-password");
        HttpStatusCode last = HttpStatusCode.OK;
        for (int i = 0; i < 12 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using HttpResponseMessage attempt = await Host.SendAsync(HttpMethod.Post, "/api/auth/login", body: new { email = "ed@example.com", password = "guess-" + i });
            last = attempt.StatusCode;
            if (last == HttpStatusCode.TooManyRequests)
            {
                await AssertProblemAsync(attempt, HttpStatusCode.TooManyRequests);
                Assert.True(attempt.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }

    [Fact]
    public async Task LoginIsRateLimitedPerAddressAcrossAccounts()
    {
        // Each attempt names another account, so only the per-address limit (20 a minute by default) can refuse.
        HttpStatusCode last = HttpStatusCode.OK;
        int attempts = 0;
        while (attempts < 40 && last != HttpStatusCode.TooManyRequests)
        {
            using HttpResponseMessage attempt = await Host.SendAsync(HttpMethod.Post, "/api/auth/login", body: new { email = $"spray-{attempts}@example.com", password = "guess-password" });
            last = attempt.StatusCode;
            attempts++;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.True(attempts > 10, $"refused after {attempts} attempts: the per-account limit must not be what refused");
    }

    [Fact]
    public async Task AConfiguredSigningKeySignsTokensThatAnotherServerWithTheSameKeyAccepts()
    {
        const string key = "a-signing-key-of-at-least-32-bytes-0123456789";
        await using MeetingsHost first = await MeetingsHost.StartAsync(Database, "--Auth:SigningKey", key);
        string token = await first.SignUpAsync("shared@example.com", name: "Shared");
        await using MeetingsHost second = await MeetingsHost.StartAsync(Database, "--Auth:SigningKey", key);
        Assert.Equal("Shared", (await second.JsonAsync(HttpMethod.Get, "/api/me", token)).GetProperty("name").GetString());
        // The server with the generated key (kept in the data folder) does not accept it.
        await AssertProblemAsync(await Host.SendAsync(HttpMethod.Get, "/api/me", token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SqlInjectionStringsInAccountsAreStoredLiterally()
    {
        const string name = "Robert'); DROP TABLE users;--";
        const string email = "o'brien+x@example.com";
        await Host.SignUpAsync(email, name: name);
        JsonElement login = await Host.JsonAsync(HttpMethod.Post, "/api/auth/login", body: new { email, password = "correct horse 1" });
        JsonElement me = await Host.JsonAsync(HttpMethod.Get, "/api/me", login.GetProperty("token").GetString());
        Assert.Equal(name, me.GetProperty("name").GetString());
        Assert.Equal(email, me.GetProperty("email").GetString());
    }
}

public sealed class SqliteAccountsApiTests() : AccountsApiTests(DatabaseKind.Sqlite);

public sealed class PostgresAccountsApiTests() : AccountsApiTests(DatabaseKind.Postgres);
