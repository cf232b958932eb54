using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Npgsql;

// Measures POST /api/meetings/{code}/join (a participant row insert and a signed meeting token) on SQLite and on
// PostgreSQL: the real server in-process on loopback, driven over HTTP. Reports joins per second (wall clock, which
// swings on a shared machine) and CPU time per join (process CPU: server and client together, the steadier figure).
// Usage: dotnet run -c Release --project bench/MeetingsBench -- [joins=1000] [concurrency=8] [postgres admin connection string]
int joins = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
int concurrency = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
string admin = args.Length > 2 ? args[2] : "Host=127.0.0.1;Username=sfu_test;Password=sfu_test;Database=postgres;Timeout=30";

Console.WriteLine($"{joins} joins, {concurrency} at a time, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
await RunAsync("sqlite", []);

string database = "sfu_bench_" + Guid.NewGuid().ToString("N")[..12];
await using (var connection = new NpgsqlConnection(admin))
{
    await connection.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE {database}", connection).ExecuteNonQueryAsync();
}

try
{
    string connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
    await RunAsync("postgres", ["--Database:Provider", "postgres", "--ConnectionStrings:Meetings", connectionString]);
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection).ExecuteNonQueryAsync();
}

async Task RunAsync(string provider, string[] settings)
{
    string folder = Directory.CreateTempSubdirectory("sfu-meetings-bench-").FullName;
    WebApplication app = Api.Program.BuildApp(
        ["--urls", "http://127.0.0.1:0", "--Sfu:Port=0", "--Sfu:Workers=1", "--Sfu:BindAddress=127.0.0.1", "--Logging:LogLevel:Default", "Warning",
         "--Signaling:JoinTokenPermits", "0", "--Database:DataFolder", folder, .. settings]);
    await app.StartAsync();
    try
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await http.PostAsJsonAsync("/api/auth/register", new { email = "bench@example.com", password = "bench-password", name = "Bench" });
        var login = await (await http.PostAsJsonAsync("/api/auth/login", new { email = "bench@example.com", password = "bench-password" })).Content.ReadFromJsonAsync<JsonElement>();
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/meetings") { Content = JsonContent.Create(new { title = "bench", allowGuests = true }) };
        create.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.GetProperty("token").GetString());
        string code = (await (await http.SendAsync(create)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

        await JoinManyAsync(http, code, 100, concurrency); // warm-up: JIT, pools, caches
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await JoinManyAsync(http, code, joins, concurrency);
        clock.Stop();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"{provider,-8} {joins / clock.Elapsed.TotalSeconds,8:0} joins/s   {cpu.TotalMilliseconds * 1000 / joins,8:0} µs CPU per join   ({clock.Elapsed.TotalSeconds:0.0} s wall, {cpu.TotalSeconds:0.0} s CPU)");
    }
    finally
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}

static async Task JoinManyAsync(HttpClient http, string code, int count, int concurrency)
{
    int next = 0;
    var workers = new Task[concurrency];
    for (int w = 0; w < concurrency; w++)
    {
        workers[w] = Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                using HttpResponseMessage response = await http.PostAsJsonAsync($"/api/meetings/{code}/join", new { displayName = "Bench guest" });
                response.EnsureSuccessStatusCode();
            }
        });
    }

    await Task.WhenAll(workers);
}
