using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Api.Persistence;

/// <summary>The meetings database: its dialect and connection string; repositories open a pooled connection per call.</summary>
public sealed class MeetingsDatabase
{
    static MeetingsDatabase()
    {
        // Columns are snake_case (portable SQL), row properties PascalCase.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public MeetingsDatabase(SqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
    }

    public SqlDialect Dialect { get; }

    public string ConnectionString { get; }

    /// <summary>From settings: SQLite in the data folder unless <c>Database:Provider</c> says <c>postgres</c>.</summary>
    public static MeetingsDatabase FromSettings(DatabaseOptions options, string? connectionString, DataFolder folder)
    {
        SqlDialect dialect = SqlDialect.For(options.Provider);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new MeetingsDatabase(dialect, connectionString);
        }

        if (dialect.Name != "sqlite")
        {
            throw new InvalidOperationException("Database:Provider 'postgres' needs ConnectionStrings:Meetings");
        }

        // A busy database (another writer) is retried for up to 30 s instead of failing at once.
        var sqlite = new SqliteConnectionStringBuilder { DataSource = folder.File(DatabaseOptions.SqliteFileName), DefaultTimeout = 30, Pooling = true };
        return new MeetingsDatabase(dialect, sqlite.ConnectionString);
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
