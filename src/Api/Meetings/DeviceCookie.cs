using System.Buffers.Text;
using System.Security.Cryptography;

namespace Api.Meetings;

/// <summary>
/// An httpOnly cookie the join endpoint gives each browser: a random id that scripts cannot read or clear, so a removed
/// guest who clears the page's storage (and so its guest key) is still recognised. Clearing the site's cookies too
/// drops it; the client address with the display name is the layer after that (<see cref="JoinIdentity"/>).
/// </summary>
public static class DeviceCookie
{
    public const string Name = "sfu_device";

    /// <summary>Only the join endpoints need it.</summary>
    public const string Path = "/api/meetings";

    private const int IdBytes = 18; // 24 base64url characters

    /// <summary>The browser's id when it sent a well-formed one; otherwise a new id, set on the response.</summary>
    public static string Ensure(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(Name, out string? sent) && IsWellFormed(sent))
        {
            return sent;
        }

        string id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));
        context.Response.Cookies.Append(Name, id, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = Path,
            MaxAge = TimeSpan.FromDays(400), // the longest browsers keep a cookie (RFC 6265bis section 5.5)
            IsEssential = true,
        });
        return id;
    }

    private static bool IsWellFormed(string value)
    {
        if (value.Length != 24)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
