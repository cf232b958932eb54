using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Api.Persistence;

/// <summary>
/// Where SQLite and PostgreSQL differ for the repositories: opening a connection and recognising a unique-key
/// violation. The SQL itself is written once (RETURNING, integer flags and Unix-millisecond times work on both).
/// </summary>
public abstract class SqlDialect
{
    public abstract string Name { get; }

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>True when <paramref name="exception"/> is a UNIQUE constraint violation (a duplicate email or code).</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    public static SqlDialect For(string provider) => provider.ToLowerInvariant() switch
    {
        "sqlite" => new Sqlite(),
        "postgres" or "postgresql" => new Postgres(),
        _ => throw new ArgumentException($"Database:Provider must be 'sqlite' or 'postgres', not '{provider}'", nameof(provider)),
    };

    private sealed class Sqlite : SqlDialect
    {
        // SQLITE_CONSTRAINT_UNIQUE (extended result code 2067) under SQLITE_CONSTRAINT (19).
        private const int ConstraintError = 19;
        private const int UniqueConstraint = 2067;

        public override string Name => "sqlite";

        public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

        public override bool IsUniqueViolation(Exception exception) =>
            exception is SqliteException { SqliteErrorCode: ConstraintError, SqliteExtendedErrorCode: UniqueConstraint };
    }

    private sealed class Postgres : SqlDialect
    {
        public override string Name => "postgres";

        public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

        public override bool IsUniqueViolation(Exception exception) =>
            exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
    }
}
