using System.Data.Common;
using Api.Persistence;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Api.Health;

/// <summary><c>/readyz</c>: the meetings database answers a trivial query; unhealthy (503) while it cannot be reached.</summary>
public sealed class DatabaseHealthCheck(MeetingsDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using DbConnection connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy($"{database.Dialect.Name} answers");
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy($"the {database.Dialect.Name} meetings database is unreachable", e);
        }
    }
}
