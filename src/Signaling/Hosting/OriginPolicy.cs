using Microsoft.AspNetCore.Http;

namespace Signaling.Hosting;

/// <summary>
/// Which pages may open <c>/ws</c>. Browsers send an Origin header with every WebSocket handshake and do not apply
/// CORS to it, so without this check any site a participant visits could speak signaling on their behalf
/// (cross-site WebSocket hijacking). Same-origin pages and the configured <c>Signaling:AllowedOrigins</c> pass;
/// clients that send no Origin (tools, native clients) are not browsers and pass too, a join token still gates them.
/// </summary>
public static class OriginPolicy
{
    public static bool IsAllowed(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? parsed))
        {
            return false;
        }

        // Same origin: the page came from the host it now connects to (behind a proxy, the forwarded Host).
        if (string.Equals(parsed.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (string allowed in allowedOrigins)
        {
            if (allowed == "*" || string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
