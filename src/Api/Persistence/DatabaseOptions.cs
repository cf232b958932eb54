namespace Api.Persistence;

/// <summary>
/// <c>Database:*</c>: which database keeps users, meetings, attendance and chat. SQLite (a file in
/// <see cref="DataFolder"/>) needs nothing installed; PostgreSQL takes <c>ConnectionStrings:Meetings</c>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "Meetings";
    public const string SqliteFileName = "meetings.db";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Where the server keeps its files (the SQLite database, the account signing key); relative to the content root.</summary>
    public string DataFolder { get; set; } = "data";
}
