using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sfu.Engine;

namespace Api.Health;

/// <summary>
/// Readiness of the media engine: its UDP ports are bound (the engine exists: it binds them when created) and every media
/// worker answers a stats command within <see cref="Timeout"/>, so a stuck or stopped worker takes the server out of a
/// load balancer's rotation instead of taking joins it cannot serve.
/// </summary>
public sealed class MediaWorkersHealthCheck(ISfuEngine registered) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (registered is not SfuEngine engine)
        {
            // A host whose engine was replaced (tests) has no media workers to ask.
            return HealthCheckResult.Healthy("no media engine in this host");
        }

        try
        {
            EngineStats stats = await engine.GetStatsAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy($"{stats.Workers.Count} media worker(s) answering on {string.Join(", ", engine.MediaEndPoints)}");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the media workers did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            return HealthCheckResult.Unhealthy("the media engine is stopping");
        }
    }
}
