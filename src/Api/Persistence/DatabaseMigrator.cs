using System.Data.Common;
using System.Reflection;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;

namespace Api.Persistence;

/// <summary>
/// Applies the embedded versioned migrations (Persistence/Migrations/{Sqlite|Postgres}/*.sql, in name order) with DbUp,
/// which records each applied script in its <c>schemaversions</c> table. Two servers starting at once take turns:
/// PostgreSQL through a session advisory lock, SQLite through an exclusive lock file beside the database.
/// </summary>
public sealed class DatabaseMigrator(MeetingsDatabase database, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Any fixed 64-bit number, the same on every server: the advisory lock key of migrations.</summary>
    private const long AdvisoryLockKey = 0x5346_554D_4545_5431;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (database.Dialect.Name == "postgres")
        {
            await using DbConnection lockConnection = await database.OpenAsync(cancellationToken);
            await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
            try
            {
                Upgrade(DeployChanges.To.PostgresqlDatabase(database.ConnectionString), "Postgres");
            }
            finally
            {
                await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
            }

            return;
        }

        string dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        await using FileStream fileLock = await TakeFileLockAsync(dataSource + ".migrate-lock", cancellationToken);
        await using (DbConnection connection = await database.OpenAsync(cancellationToken))
        {
            // WAL lets readers carry on while a join or chat message is written; the setting is kept in the file.
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL");
        }

        Upgrade(DeployChanges.To.SqliteDatabase(database.ConnectionString), "Sqlite");
    }

    private void Upgrade(UpgradeEngineBuilder builder, string folder)
    {
        string marker = ".Persistence.Migrations." + folder + ".";
        UpgradeEngine engine = builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(marker, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        DatabaseUpgradeResult result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"database migration {result.ErrorScript?.Name} failed", result.Error);
        }

        ApiLog.DatabaseMigrated(logger, database.Dialect.Name, result.Scripts.Count());
    }

    private static async Task<FileStream> TakeFileLockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(50, cancellationToken); // another server is migrating the same file
            }
        }
    }
}
