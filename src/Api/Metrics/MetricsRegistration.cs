using System.Diagnostics.Metrics;
using Api.Meetings;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;
using Prometheus.HttpMetrics;
using Sfu.Diagnostics;
using Sfu.Engine;

namespace Api.Metrics;

/// <summary>
/// Registration and the <c>GET /metrics</c> endpoint Prometheus scrapes, served by prometheus-net from a registry of this
/// host's own (tests run several hosts in one process): the engine's and signaling's meters (<see cref="MeterBridge"/>),
/// the engine gauges, HTTP requests, and the process and .NET runtime series.
/// </summary>
public static class MetricsRegistration
{
    public const string Path = "/metrics";

    public static WebApplicationBuilder AddSfuMetrics(this WebApplicationBuilder builder)
    {
        IServiceCollection services = builder.Services;
        services.AddMetrics();
        services.Configure<MetricsOptions>(builder.Configuration.GetSection("Metrics"));
        services.AddSingleton(_ =>
        {
            var registry = new CollectorRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton(provider => new MeterBridge(provider.GetRequiredService<CollectorRegistry>(), provider.GetService<IMeterFactory>()));

        int port = builder.Configuration.GetValue<int>("Metrics:Port");
        if (port is > 0 and <= 65535)
        {
            // Kestrel keeps listening where --urls / ASPNETCORE_URLS say, plus the metrics port on every interface.
            string urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? Program.DefaultUrl;
            builder.WebHost.UseUrls(urls + ";http://*:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder;
    }

    /// <summary>Counts HTTP requests (prometheus-net's http_request_duration_seconds and friends) into this host's registry.</summary>
    public static IApplicationBuilder UseSfuHttpMetrics(this IApplicationBuilder app)
    {
        var options = new HttpMiddlewareExporterOptions();
        options.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(app.ApplicationServices.GetRequiredService<CollectorRegistry>()));
        return app.UseHttpMetrics(options);
    }

    public static IEndpointRouteBuilder MapSfuMetrics(this IEndpointRouteBuilder endpoints)
    {
        IServiceProvider services = endpoints.ServiceProvider;
        CollectorRegistry registry = services.GetRequiredService<CollectorRegistry>();
        MetricsOptions options = services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        ILogger logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsRegistration).FullName!);

        // Listen from startup, not from the first scrape, so counters hold what happened before anyone asked. SfuMetrics
        // creates its instruments in its static initializer: run it now so the listener sees them at once.
        MeterBridge bridge = services.GetRequiredService<MeterBridge>();
        _ = SfuMetrics.Meter;
        var gauges = new EngineGauges(Prometheus.Metrics.WithCustomRegistry(registry));
        var meetingGauges = new MeetingGauges(Prometheus.Metrics.WithCustomRegistry(registry));
        registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            if (services.GetService<MeetingRepository>() is { } meetings && !await meetingGauges.UpdateAsync(meetings, cancellationToken))
            {
                ApiLog.MeetingCountsUnavailable(logger);
            }

            bridge.ObserveNow(e => ApiLog.MetricsCallbackFailed(logger, e));
            // Only the real engine has stats; a host with a replaced engine (tests) serves the counters alone.
            if (services.GetRequiredService<ISfuEngine>() is SfuEngine engine
                && !await gauges.UpdateAsync(engine.GetStatsAsync, EngineGauges.DefaultTimeout, cancellationToken))
            {
                ApiLog.EngineStatsTimedOut(logger, EngineGauges.DefaultTimeout.TotalMilliseconds);
            }
        });

        var access = new MetricsAccess(options.AllowedNetworks());
        IApplicationBuilder pipeline = endpoints.CreateApplicationBuilder();
        pipeline.Use(async (context, next) =>
        {
            if (!access.Allows(context.Connection.RemoteIpAddress))
            {
                ApiLog.MetricsRefused(logger, context.Connection.RemoteIpAddress?.ToString() ?? "?");
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("/metrics is not served to this address; see Metrics:AllowedAddresses\n", context.RequestAborted);
                return;
            }

            context.Response.Headers.CacheControl = "no-store";
            await next(context);
        });
        pipeline.UseMiddleware<MetricServerMiddleware>(new MetricServerMiddleware.Settings { Registry = registry });
        IEndpointConventionBuilder endpoint = endpoints.Map(Path, pipeline.Build());
        if (options.Port is > 0 and <= 65535)
        {
            endpoint.RequireHost("*:" + options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return endpoints;
    }
}
