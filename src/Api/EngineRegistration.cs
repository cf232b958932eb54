using Microsoft.Extensions.Options;
using Sfu.Engine;

namespace Api;

/// <summary>Registers the media engine from the "Sfu" configuration section and starts it with the host.</summary>
public static class EngineRegistration
{
    public static IServiceCollection AddSfuEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SfuOptions>(configuration.GetSection("Sfu"));
        services.AddSingleton(provider => new SfuEngine(
            provider.GetRequiredService<IOptions<SfuOptions>>().Value,
            provider.GetService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ISfuEngine>(provider => provider.GetRequiredService<SfuEngine>());
        services.AddHostedService<EngineStartup>();
        return services;
    }

    /// <summary>Binds the media port when the host starts (not on the first join), so a taken port fails the start loudly.
    /// A host that replaced <see cref="ISfuEngine"/> (tests) gets no real engine and no socket.</summary>
    private sealed class EngineStartup(ISfuEngine registered, ILogger<EngineStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (registered is not SfuEngine engine)
            {
                return Task.CompletedTask;
            }

            ApiLog.MediaStarted(logger, engine.WorkerCount, string.Join(", ", engine.MediaEndPoints), string.Join(", ", engine.AnnouncedCandidates.Select(c => c.Address + ":" + c.Port)));
            return Task.CompletedTask;
        }

        /// <summary>Graceful shutdown drains every media worker: participants leave, transports close, queued events are delivered.</summary>
        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (registered is SfuEngine engine)
            {
                await engine.DisposeAsync();
            }
        }
    }
}
