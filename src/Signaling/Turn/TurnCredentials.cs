using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Signaling.Turn;

/// <summary>A TURN username and password that expire.</summary>
public readonly record struct TurnCredential(string Username, string Password, DateTimeOffset Expires);

/// <summary>
/// Per-participant, time-limited TURN credentials in the "TURN REST API" scheme (draft-uberti-behave-turn-rest-00
/// section 2.2), which coturn checks with <c>use-auth-secret</c> / <c>static-auth-secret</c>: the username is
/// <c>&lt;expiry unix time&gt;:&lt;participant id&gt;</c> and the password is base64(HMAC-SHA1(secret, username)). The
/// TURN server needs no call back to us: it recomputes the HMAC and refuses an expired timestamp, so a leaked
/// credential relays for one participant until it expires, and nobody can mint one without the secret.
/// </summary>
public sealed class TurnCredentials(IOptions<TurnOptions> options, TimeProvider time)
{
    private readonly TurnOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    public IReadOnlyList<string> Urls => _options.Urls;

    /// <summary>A credential for <paramref name="participantId"/> valid for <c>Turn:CredentialLifetime</c> from now.</summary>
    public TurnCredential Issue(string participantId) =>
        Create(_options.Secret, participantId, time.GetUtcNow() + _options.CredentialLifetime);

    /// <summary>The scheme itself, with the expiry as a parameter (tests create expired and forged ones with it).</summary>
    public static TurnCredential Create(string secret, string participantId, DateTimeOffset expires)
    {
        string username = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + participantId;
        byte[] mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username));
        return new TurnCredential(username, Convert.ToBase64String(mac), expires);
    }
}
