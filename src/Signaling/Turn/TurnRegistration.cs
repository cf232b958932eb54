using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Signaling.Turn;

public static class TurnRegistration
{
    /// <summary>Binds the "Turn" section; the room registry then hands every joining participant its own TURN credential.</summary>
    public static IServiceCollection AddTurnCredentials(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TurnOptions>(configuration.GetSection("Turn"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TurnCredentials>();
        return services;
    }
}
