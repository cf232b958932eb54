using Microsoft.Extensions.FileProviders;

namespace Api;

/// <summary>Finds and serves the browser client in the repository's <c>web</c> folder.</summary>
public static class WebRoot
{
    public const string ConfigurationKey = "Web:Root";

    /// <summary>
    /// <c>Web:Root</c> when configured; otherwise the first <c>web</c> folder holding index.html found by walking up
    /// from each start directory (the content root when run from the repository, the binary's folder under tests).
    /// </summary>
    public static string? Find(IConfiguration configuration, params string[] startDirectories)
    {
        string? configured = configuration[ConfigurationKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        foreach (string start in startDirectories)
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "web");
                if (File.Exists(Path.Combine(candidate, "index.html")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Serves <c>/</c> (landing page), <c>/m/{code}</c> (meeting page) and the client's static files.</summary>
    public static WebApplication MapWebClient(this WebApplication app, string? root)
    {
        if (root is null || !Directory.Exists(root))
        {
            ApiLog.WebRootMissing(app.Logger, root ?? "(not found)");
            return app;
        }

        ApiLog.ServingWebRoot(app.Logger, root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            // The client is plain files under development: always revalidate rather than serve a stale module.
            OnPrepareResponse = static context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        string landing = Path.Combine(root, "index.html");
        string meeting = Path.Combine(root, "meeting.html");
        app.MapGet("/", () => Results.File(landing, "text/html; charset=utf-8"));
        app.MapGet("/m/{code}", (string code) => Signaling.Auth.MeetingNames.IsValidRoomCode(code)
            ? Results.File(meeting, "text/html; charset=utf-8")
            : Results.NotFound());
        return app;
    }
}
