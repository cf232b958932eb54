using Api.Health;
using Api.Meetings;
using Api.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
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

    /// <summary>Builds the application; tests pass <c>--urls http://127.0.0.1:0</c> and replace services (e.g. the engine) and <c>--Database:DataFolder</c>.</summary>
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
        builder.Services.AddMeetingsApi(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddHealthChecks()
            .AddCheck<MediaWorkersHealthCheck>("media", tags: [ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        configureServices?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        app.UseSfuHttpMetrics();
        app.UseWebSockets();
        // Errors of the REST API without a body of their own (401 challenges, 404s) get an RFC 9457 problem body.
        app.UseWhen(static context => context.Request.Path.StartsWithSegments("/api"), static api => api.UseStatusCodePages());
        app.UseRateLimiter(); // per-address limits of meeting joins and /ws, registered by AddSignaling (Signaling/Hosting/RateLimits.cs)
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapWebClient(WebRoot.Find(app.Configuration, app.Environment.ContentRootPath, AppContext.BaseDirectory));
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })); // alive: the process answers HTTP
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }); // 503 until media workers answer
        app.MapSignaling();
        app.MapMeetingsApi();
        app.MapOpenApi(); // /openapi/v1.json
        app.MapScalarApiReference(); // /scalar: a browsable reference of the document above
        app.MapSfuMetrics();
        return app;
    }
}
