using System.Security.Cryptography;
using System.Text;
using Api.Persistence;

namespace Api.Meetings;

/// <summary>
/// This server's id in the shared meetings database (<c>Meetings:InstanceId</c>). The default must come out the same
/// after a restart of the same server and differ between servers sharing a database, so it is the host name plus a
/// digest of the data folder's full path: two servers on one machine have two data folders.
/// </summary>
public sealed class ServerInstance
{
    public const int MaxIdLength = 128;

    public ServerInstance(string id)
    {
        Id = id;
    }

    public string Id { get; }

    public static ServerInstance Resolve(string? configured, DataFolder folder) =>
        new(string.IsNullOrWhiteSpace(configured) ? DefaultId(Environment.MachineName, folder.Path) : configured.Trim());

    public static string DefaultId(string hostName, string dataFolderPath)
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(dataFolderPath));
        return hostName + ":" + Convert.ToHexStringLower(digest.AsSpan(0, 6));
    }

    /// <summary>The setting's problem, or null when it is usable (empty means the default).</summary>
    public static string? Problem(string? configured) =>
        configured is { Length: > MaxIdLength } || (configured is not null && configured.Any(char.IsControl))
            ? $"Meetings:InstanceId must be at most {MaxIdLength} characters without control characters (empty: host name and data folder)"
            : null;
}
