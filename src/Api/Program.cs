using Api.Health;
using Api.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Signaling.Hosting;
using Signaling.Turn;

namespace Api;

/// <summary>The one executable: signaling, the web client, health, Prometheus metrics, and (registered elsewhere) the media engine.</summary>
public sealed class Program
{
    /// <summary>Where the server listens when neither --urls nor ASPNETCORE_URLS / URLS says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:8080";

    /// <summary>Health checks with this tag decide <c>/readyz</c>.</summary>
    public const string ReadyTag = "ready";

    private Program()
    {
    }

    /// <summary>Runs the server; exits with 1, one line per bad setting on stderr, when a setting is invalid.</summary>
    public static int Main(string[] args)
    {
        using WebApplication app = BuildApp(args);
        List<string> problems = SettingsCheck.Problems(app.Services);
        if (problems.Count > 0)
        {
            foreach (string problem in problems)
            {
                Console.Error.WriteLine("invalid setting: " + problem);
            }

            return 1;
        }

        app.Run();
        return 0;
    }

    /// <summary>Builds the application; tests pass <c>--urls http://127.0.0.1:0</c> and replace services (e.g. the engine).</summary>
    public static WebApplication BuildApp(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        if (!ListenAddresses.AreGiven(args, Environment.GetEnvironmentVariable))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddSfuMetrics();
        builder.Services.AddSignaling(builder.Configuration);
        builder.Services.AddTurnCredentials(builder.Configuration);
        builder.Services.AddSfuEngine(builder.Configuration);
        builder.Services.AddHealthChecks().AddCheck<MediaWorkersHealthCheck>("media", tags: [ReadyTag]);
        configureServices?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        app.UseSfuHttpMetrics();
        app.UseWebSockets();
        app.UseRateLimiter(); // per-address limits of /api/join-token and /ws, registered by AddSignaling (Signaling/Hosting/RateLimits.cs)
        app.MapWebClient(WebRoot.Find(app.Configuration, app.Environment.ContentRootPath, AppContext.BaseDirectory));
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })); // alive: the process answers HTTP
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }); // 503 until media workers answer
        app.MapSignaling();
        app.MapSfuMetrics();
        return app;
    }
}
