using System.Net.Http.Json;
using System.Text.Json;

namespace LoadGen.Remote;

/// <summary>
/// Where the load tool gets a join token for one participant: today <c>POST /api/join-token {room, name}</c>
/// (docs/signaling.md, "Getting a token"), which answers <c>{token, ...}</c>. This is the one place to change when the
/// meetings API replaces it (<c>POST /api/meetings</c> with a bearer token from <c>/api/auth/register</c> and
/// <c>login</c>, then <c>POST /api/meetings/{code}/join {displayName}</c> as a guest, also answering <c>{token, ...}</c>).
/// </summary>
internal sealed class JoinTokens(HttpClient http)
{
    /// <exception cref="InvalidOperationException">The server refused (status and body in the message).</exception>
    public async Task<string> GetAsync(string room, string name, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await http.PostAsJsonAsync("/api/join-token", new { room, name }, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/join-token answered {(int)response.StatusCode}: {body}");
        }

        using JsonDocument json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("token", out JsonElement token) && token.ValueKind == JsonValueKind.String
            ? token.GetString()!
            : throw new InvalidOperationException("POST /api/join-token answered without a token: " + body);
    }
}
