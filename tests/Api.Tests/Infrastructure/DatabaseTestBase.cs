using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Api.Tests.Infrastructure;

/// <summary>Which database a test class runs on; every contract test class has a SQLite and a PostgreSQL subclass.</summary>
public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>Starts the server on a database of its own before each test and removes both afterwards.</summary>
public abstract class DatabaseTestBase(DatabaseKind kind) : IAsyncLifetime
{
    private TestDatabase? _database;
    private MeetingsHost? _host;

    protected TestDatabase Database => _database!;

    protected MeetingsHost Host => _host!;

    /// <summary>Extra settings of the host this class starts.</summary>
    protected virtual string[] HostSettings => [];

    public async Task InitializeAsync()
    {
        _database = kind == DatabaseKind.Sqlite ? new SqliteTestDatabase() : await PostgresTestDatabase.CreateAsync();
        _host = await MeetingsHost.StartAsync(_database, HostSettings);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A second server on the same database, as after a restart (the first must be stopped).</summary>
    /// <param name="settings">Settings for the new server on top of <see cref="HostSettings"/> (the last value of a key wins).</param>
    protected async Task RestartHostAsync(params string[] settings)
    {
        await _host!.DisposeAsync();
        _host = await MeetingsHost.StartAsync(_database!, [.. HostSettings, .. settings]);
    }

    /// <summary>Asserts an RFC 9457 problem response with <paramref name="status"/>; returns its body.</summary>
    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    /// <summary>Asserts a 400 problem whose <c>errors</c> name <paramref name="field"/>.</summary>
    protected static async Task AssertBadFieldAsync(HttpResponseMessage response, string field)
    {
        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem does not name '{field}': {problem}");
    }

    protected async Task<HttpResponseMessage> PostRawAsync(string path, string body, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Host.Http.SendAsync(request);
    }
}
