using Dapper;
using Npgsql;

namespace Api.Tests.Infrastructure;

/// <summary>A database of its own for one test: the server settings that point at it, dropped afterwards.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>Where the server keeps its data folder (SQLite file, signing key); a fresh temporary folder.</summary>
    public string DataFolder { get; } = Directory.CreateTempSubdirectory("sfu-meetings-test-").FullName;

    public abstract string[] Settings { get; }

    public virtual ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>SQLite, the default: a file in the data folder.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    public override string[] Settings => ["--Database:DataFolder", DataFolder];
}

/// <summary>
/// A real PostgreSQL (scripts/test.sh installs and starts it and creates the <c>sfu_test</c> role): a uniquely named
/// database created for the test and dropped after it. An unreachable server fails the test; it is never skipped.
/// </summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    /// <summary>The administrative connection; override with SFU_TEST_POSTGRES.</summary>
    public static readonly string AdminConnectionString =
        Environment.GetEnvironmentVariable("SFU_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=sfu_test;Password=sfu_test;Database=postgres;Timeout=30;Command Timeout=60";

    private PostgresTestDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public override string[] Settings => ["--Database:DataFolder", DataFolder, "--Database:Provider", "postgres", "--ConnectionStrings:Meetings", ConnectionString];

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        string name = "sfu_test_" + Guid.NewGuid().ToString("N")[..16];
        try
        {
            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE DATABASE {name}");
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                "PostgreSQL is not reachable for the meetings tests (scripts/test.sh starts it and creates role sfu_test; or set SFU_TEST_POSTGRES): " + e.Message, e);
        }

        return new PostgresTestDatabase(name);
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();

        // FORCE ends the test's own leftover connections, but PostgreSQL refuses to end a process of another role (an
        // autovacuum worker that just started on the new database: error 42501). That passes in a moment: try again,
        // and leave the throwaway database behind rather than fail a test that passed.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await using var admin = new NpgsqlConnection(AdminConnectionString);
                await admin.OpenAsync();
                await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege || e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                if (attempt == 10)
                {
                    break;
                }

                await Task.Delay(200);
            }
        }

        await base.DisposeAsync();
    }
}
