using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signaling.Protocol;

namespace Signaling.Hosting;

/// <summary>
/// Per-address rate limits of <c>POST /api/meetings/{code}/join</c> (meeting tokens) and of <c>/ws</c> handshakes (ASP.NET Core's rate limiter):
/// one fixed window per client address, configurable (<c>Signaling:JoinTokenPermits</c>/<c>JoinTokenWindow</c>,
/// <c>Signaling:HandshakePermits</c>/<c>HandshakeWindow</c>). Tokens are free to anyone, so without this one client
/// could mint tokens and open sockets as fast as the server answers. No address is exempt, loopback included: behind a
/// reverse proxy every request comes from the proxy, and the host must then restore client addresses (forwarded headers).
/// The application runs <c>app.UseRateLimiter()</c> after routing (the minimal host routes first by itself).
/// </summary>
public static class RateLimits
{
    public const string JoinTokenPolicy = "signaling-join-token";
    public const string HandshakePolicy = "signaling-handshake";

    /// <summary>Registers both policies; <see cref="SignalingEndpoint.MapSignaling"/> attaches them to its endpoints.</summary>
    public static IServiceCollection AddSignalingRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(JoinTokenPolicy, new PerAddressPolicy("join token requests", static o => (o.JoinTokenPermits, o.JoinTokenWindow)));
            options.AddPolicy(HandshakePolicy, new PerAddressPolicy("WebSocket handshakes", static o => (o.HandshakePermits, o.HandshakeWindow)));
        });

    /// <summary>
    /// The partition of a client: its IPv4 address, or the /64 prefix of its IPv6 address (one subscriber usually holds a
    /// whole /64, so limiting single IPv6 addresses would limit nothing).
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        byte[] bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private sealed class PerAddressPolicy(string what, Func<SignalingOptions, (int Permits, TimeSpan Window)> limit) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            (int permits, TimeSpan window) = limit(Options(httpContext));
            string key = PartitionKey(httpContext.Connection.RemoteIpAddress);
            if (permits <= 0)
            {
                return RateLimitPartition.GetNoLimiter(key);
            }

            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0, // refuse at once: a queued handshake would only hold a connection open longer
            });
        }

        /// <summary>429 with <c>Retry-After</c> (whole seconds) and a problem body saying which limit was hit.</summary>
        private async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
        {
            HttpContext context = rejected.HttpContext;
            (int permits, TimeSpan window) = limit(Options(context));
            TimeSpan retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan leaseRetry) ? leaseRetry : window;
            int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.CacheControl = "no-store";
            await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"too many {what} from your address (at most {permits} per {window.TotalSeconds:0.###} s); retry after {seconds} s",
                    extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.RateLimited, ["retryAfterSeconds"] = seconds })
                .ExecuteAsync(context);
        }

        private static SignalingOptions Options(HttpContext context) =>
            context.RequestServices.GetRequiredService<IOptions<SignalingOptions>>().Value;
    }
}
