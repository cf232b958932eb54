using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signaling.Auth;
using Signaling.Connections;
using Signaling.Diagnostics;
using Signaling.Limits;
using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Hosting;

/// <summary>Registration and endpoints of the signaling layer: <c>/ws</c> (meeting tokens and the operator API are the meetings API's).</summary>
public static class SignalingEndpoint
{
    public const string WebSocketPath = "/ws";

    /// <summary>Retry-After of a handshake refused at <c>Signaling:MaxConnections</c>: seats free up as meetings end.</summary>
    private const string ConnectionRetryAfterSeconds = "10";

    /// <summary>Registers the signaling services. The engine (<see cref="Sfu.Engine.ISfuEngine"/>) is registered separately.</summary>
    public static IServiceCollection AddSignaling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignalingOptions>()
            .Bind(configuration.GetSection(SignalingOptions.SectionName))
            .Validate(
                static options => string.IsNullOrEmpty(options.OperatorKey) || options.OperatorKey.Length >= SignalingOptions.MinOperatorKeyLength,
                $"Signaling:OperatorKey must be at least {SignalingOptions.MinOperatorKeyLength} characters (or empty, which disables the operator API)")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            SignalingOptions options = provider.GetRequiredService<IOptions<SignalingOptions>>().Value;
            if (string.IsNullOrEmpty(options.TokenKey))
            {
                SignalingLog.RandomTokenKey(provider.GetRequiredService<ILogger<JoinTokens>>());
            }

            return JoinTokens.Create(options.TokenKey, provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<RoomRegistry>();
        services.TryAddSingleton<SignalingServices>();
        services.AddMetrics();
        services.TryAddSingleton<SignalingMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SignalingOptions>, LimitsValidation>());
        services.AddSignalingRateLimits();
        return services;
    }

    /// <summary>
    /// Maps <c>/ws</c> (the operator API is the meetings API's, in src/Api). The
    /// application must run the WebSocket middleware (<c>app.UseWebSockets()</c>) and the rate limiter
    /// (<c>app.UseRateLimiter()</c>, see <see cref="RateLimits"/>) before its endpoints.
    /// </summary>
    public static IEndpointRouteBuilder MapSignaling(this IEndpointRouteBuilder endpoints)
    {
        // Create the meter now, so the connections gauge reads 0 before the first connection instead of being absent.
        _ = endpoints.ServiceProvider.GetRequiredService<SignalingMetrics>();
        endpoints.Map(WebSocketPath, AcceptAsync).RequireRateLimiting(RateLimits.HandshakePolicy);
        return endpoints;
    }

    private static async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("expected a WebSocket upgrade");
            return;
        }

        SignalingServices services = context.RequestServices.GetRequiredService<SignalingServices>();
        SignalingOptions options = services.Options;
        if (!OriginPolicy.IsAllowed(context.Request, options.AllowedOrigins))
        {
            SignalingLog.OriginRefused(services.Logger, context.Request.Headers.Origin.ToString());
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("origin not allowed: add it to Signaling:AllowedOrigins");
            return;
        }

        // Counted before the upgrade, so a server at its cap refuses with a plain 503 and never holds another socket.
        SignalingMetrics metrics = context.RequestServices.GetRequiredService<SignalingMetrics>();
        if (!metrics.TryConnectionOpened(options.MaxConnections))
        {
            SignalingLog.ConnectionRefusedAtCap(services.Logger, options.MaxConnections, context.Connection.RemoteIpAddress?.ToString());
            context.Response.Headers.RetryAfter = ConnectionRetryAfterSeconds;
            await ErrorResponses.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                new ProtocolError(ErrorCodes.TooManyConnections, $"the server has its maximum of {options.MaxConnections} signaling connections open; try again later"));
            return;
        }

        try
        {
            await RunConnectionAsync(context, services);
        }
        finally
        {
            metrics.ConnectionClosed();
        }
    }

    private static async Task RunConnectionAsync(HttpContext context, SignalingServices services)
    {
        SignalingOptions options = services.Options;
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            // Protocol-level pings; a client that stops answering them is aborted.
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.IdleTimeout,
        });

        string connectionId = context.TraceIdentifier;
        SignalingLog.ConnectionOpened(services.Logger, connectionId, context.Connection.RemoteIpAddress?.ToString());
        var connection = new SignalingConnection(socket, connectionId, options, services.Time, services.Logger);
        var session = new SignalingSession(connection, services, connectionId);
        // When the host stops, participants are told (leave {reason: "serverShutdown"}) before Kestrel drops the sockets,
        // so browsers show why instead of reconnecting in a loop. Runs at once for a socket accepted while stopping.
        using CancellationTokenRegistration onStopping = context.RequestServices.GetService<IHostApplicationLifetime>() is { } lifetime
            ? lifetime.ApplicationStopping.Register(static state => ((SignalingSession)state!).OnServerShutdown(), session)
            : default;
        await connection.RunAsync(session, context.RequestAborted);
    }
}
