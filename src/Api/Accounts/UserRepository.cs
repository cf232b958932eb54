using System.Data.Common;
using Api.Persistence;
using Dapper;

namespace Api.Accounts;

/// <summary>A row of <c>users</c>.</summary>
public sealed class UserRow
{
    public long Id { get; set; }

    public string Email { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public string Name { get; set; } = "";

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>Accounts in the meetings database (emails are stored lower-cased, so uniqueness ignores case).</summary>
public sealed class UserRepository(MeetingsDatabase database)
{
    private const string Columns = "id, email, password_hash, name, created_at, updated_at";

    /// <summary>Inserts the user; null when the email is already registered.</summary>
    public async Task<UserRow?> CreateAsync(string email, string passwordHash, string name, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        try
        {
            long id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO users (email, password_hash, name, created_at, updated_at) VALUES (@email, @passwordHash, @name, @nowMs, @nowMs) RETURNING id",
                new { email, passwordHash, name, nowMs },
                cancellationToken: cancellationToken));
            return new UserRow { Id = id, Email = email, PasswordHash = passwordHash, Name = name, CreatedAt = nowMs, UpdatedAt = nowMs };
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return null;
        }
    }

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE email = @email", new { email }, cancellationToken: cancellationToken));
    }

    public async Task<UserRow?> FindByIdAsync(long id, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Replaces the stored hash (PasswordHasher asked for a rehash after a successful login).</summary>
    public async Task UpdatePasswordHashAsync(long id, string passwordHash, long nowMs, CancellationToken cancellationToken = default)
    {
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash, updated_at = @nowMs WHERE id = @id", new { id, passwordHash, nowMs }, cancellationToken: cancellationToken));
    }
}
