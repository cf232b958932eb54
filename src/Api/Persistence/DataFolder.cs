namespace Api.Persistence;

/// <summary>The server's data folder (<c>Database:DataFolder</c>, relative paths from the content root), created on first use.</summary>
public sealed class DataFolder
{
    public DataFolder(string contentRoot, string configured)
    {
        Path = System.IO.Path.GetFullPath(configured, contentRoot);
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="fileName"/> inside the folder, creating the folder when it is missing.</summary>
    public string File(string fileName)
    {
        Directory.CreateDirectory(Path);
        return System.IO.Path.Combine(Path, fileName);
    }
}
