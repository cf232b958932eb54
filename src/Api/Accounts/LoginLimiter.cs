using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Signaling.Hosting;

namespace Api.Accounts;

/// <summary>
/// Login attempts limited per client address and per account at once (fixed windows, System.Threading.RateLimiting):
/// the per-account limit stops password guessing spread over many addresses. The account is known only after the body
/// is read, so this is checked in the handler rather than as endpoint middleware.
/// </summary>
public sealed class LoginLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Address, string Account)> _limiter;
    private readonly AuthOptions _options;

    public LoginLimiter(IOptions<AuthOptions> options)
    {
        _options = options.Value;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<(string Address, string Account), string>(key => Partition("ip:" + key.Address, _options.LoginPermitsPerAddress)),
            PartitionedRateLimiter.Create<(string Address, string Account), string>(key => Partition("account:" + key.Account, _options.LoginPermitsPerAccount)));
    }

    /// <summary>Null when the attempt may go ahead; otherwise the 429 to answer.</summary>
    public IResult? TryAcquire(HttpContext context, string email)
    {
        using RateLimitLease lease = _limiter.AttemptAcquire((RateLimits.PartitionKey(context.Connection.RemoteIpAddress), email));
        if (lease.IsAcquired)
        {
            return null;
        }

        int seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : (int)_options.LoginWindow.TotalSeconds;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many login attempts",
            detail: $"too many login attempts for this account or from your address; retry after {seconds} s");
    }

    public void Dispose() => _limiter.Dispose();

    private RateLimitPartition<string> Partition(string key, int permits) =>
        permits <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = _options.LoginWindow, QueueLimit = 0 });
}
