using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LoadGen.Remote;

/// <summary>
/// Where the load tool gets a meeting token for one participant, through the meetings API (docs/api.md, "For tests
/// and tools"): once per run it registers a throw-away account and signs in; once per scenario room it creates a
/// meeting that allows guests; each participant then joins that meeting as a guest
/// (<c>POST /api/meetings/{code}/join {displayName}</c>), which answers <c>{token, ...}</c>. The server must allow
/// that many joins from one address (<c>--Signaling:JoinTokenPermits=0</c>).
/// </summary>
internal sealed class JoinTokens(HttpClient http)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _meetingCodes = new(StringComparer.Ordinal);
    private readonly Lazy<Task<string>> _bearer = new(() => SignInAsync(http));

    /// <exception cref="InvalidOperationException">The server refused (status and body in the message).</exception>
    public async Task<string> GetAsync(string room, string name, CancellationToken cancellationToken)
    {
        string code = await _meetingCodes.GetOrAdd(room, r => new Lazy<Task<string>>(() => CreateMeetingAsync(r))).Value;
        using JsonDocument joined = await PostAsync($"/api/meetings/{code}/join", new { displayName = name }, null, cancellationToken);
        return ReadString(joined, "token", "join");
    }

    private async Task<string> CreateMeetingAsync(string room)
    {
        string bearer = await _bearer.Value;
        using JsonDocument meeting = await PostAsync("/api/meetings", new { title = "load " + room, allowGuests = true }, bearer, CancellationToken.None);
        return ReadString(meeting, "code", "POST /api/meetings");
    }

    private static async Task<string> SignInAsync(HttpClient http)
    {
        string email = $"loadgen-{Guid.NewGuid():N}@example.com";
        const string password = "loadgen-password-1";
        var tokens = new JoinTokens(http);
        using (await tokens.PostAsync("/api/auth/register", new { email, password, name = "Load generator" }, null, CancellationToken.None))
        {
        }

        using JsonDocument login = await tokens.PostAsync("/api/auth/login", new { email, password }, null, CancellationToken.None);
        return ReadString(login, "token", "POST /api/auth/login");
    }

    private async Task<JsonDocument> PostAsync(string path, object body, string? bearer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text)
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    private static string ReadString(JsonDocument json, string property, string what) =>
        json.RootElement.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidOperationException($"{what} answered without '{property}': {json.RootElement}");
}
