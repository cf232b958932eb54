using Microsoft.Extensions.FileProviders;

namespace Api;

/// <summary>Finds and serves the browser client in the repository's <c>web</c> folder.</summary>
public static class WebRoot
{
    public const string ConfigurationKey = "Web:Root";

    private const string HtmlContentType = "text/html; charset=utf-8";

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

    /// <summary>
    /// Serves <c>/</c> (landing page), the client's static files and the meeting page under <c>/m/</c>: <c>/m/{code}</c>
    /// for a valid code; an upper-case code redirects to its lower-case form (codes are lower case, the landing page folds
    /// them); any other path under <c>/m/</c> gets the meeting page with status 404, so that the page itself says the code
    /// is not valid and links back home instead of the browser showing a bare 404.
    /// </summary>
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
        app.MapGet("/", () => Results.File(landing, HtmlContentType));
        app.MapGet("/m/{**path}", (HttpContext context, string? path) => MeetingPage(context, path, meeting));
        return app;
    }

    private static IResult MeetingPage(HttpContext context, string? path, string meeting)
    {
        string code = path ?? string.Empty;
        if (Signaling.Auth.MeetingNames.IsValidRoomCode(code))
        {
            return Results.File(meeting, HtmlContentType);
        }

        string lower = code.ToLowerInvariant();
        if (Signaling.Auth.MeetingNames.IsValidRoomCode(lower))
        {
            // Only to a valid code, built from [a-z0-9-]: never a redirect elsewhere. 302: the rule may change later.
            return Results.Redirect($"/m/{lower}{context.Request.QueryString}");
        }

        return new PageWithStatus(meeting, StatusCodes.Status404NotFound);
    }

    /// <summary>An HTML file with a status other than 200 (Results.File always answers 200).</summary>
    private sealed class PageWithStatus(string path, int statusCode) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            httpContext.Response.ContentType = HtmlContentType;
            httpContext.Response.Headers.CacheControl = "no-cache";
            await httpContext.Response.SendFileAsync(path, httpContext.RequestAborted);
        }
    }
}
