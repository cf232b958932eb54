using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sfu.Diagnostics;
using Sfu.Engine;

namespace Api.Metrics;

/// <summary>Registration and the <c>GET /metrics</c> endpoint Prometheus scrapes.</summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IServiceCollection AddSfuMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(provider => new MeterCollector(provider.GetService<IMeterFactory>()));
        return services;
    }

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Listen from startup, not from the first scrape, so counters hold what happened before anyone asked.
        _ = endpoints.ServiceProvider.GetRequiredService<MeterCollector>();
        // SfuMetrics creates its instruments in its static initializer; run it now so every engine counter has its
        // HELP and TYPE lines from the first scrape, even before its first packet.
        _ = SfuMetrics.Meter;
        endpoints.MapGet(Path, WriteAsync);
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        IServiceProvider services = context.RequestServices;
        ILogger logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MetricsEndpoint).FullName!);
        var families = new List<MetricFamily>(services.GetRequiredService<MeterCollector>().Collect(e => ApiLog.MetricsCallbackFailed(logger, e)));

        // Only the real engine has stats; a host with a replaced engine (tests) serves the counters alone.
        if (services.GetRequiredService<ISfuEngine>() is SfuEngine engine)
        {
            families.AddRange(await EngineGauges.CollectAsync(engine.GetStatsAsync, EngineGauges.DefaultTimeout, logger, context.RequestAborted));
        }

        context.Response.ContentType = PrometheusTextWriter.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(PrometheusTextWriter.Write(families), context.RequestAborted);
    }
}
