using System.Net.Http.Headers;
using System.Text.Json;
using Sfu.IntegrationTests.Meetings;

namespace Sfu.IntegrationTests.Resilience;

/// <summary>
/// The real server (src/Api: REST, /ws signaling, the UDP media engine) in-process on free loopback ports, with the
/// operator API on so a test can see what the server thinks of each participant (connected or in its grace period).
/// </summary>
internal sealed class ApiHost : IAsyncDisposable
{
    private const string OperatorKey = "resilience-test-operator-key";

    private readonly ServerHost _server;

    private ApiHost(ServerHost server)
    {
        _server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress => _server.BaseAddress;

    public HttpClient Http { get; }

    public static async Task<ApiHost> StartAsync() => new(await ServerHost.StartAsync("--Signaling:OperatorKey=" + OperatorKey));

    /// <summary>The operator API's <c>connected</c> flag of a participant; null when the room does not list it.</summary>
    public async Task<bool?> IsConnectedAsync(string room, string participantId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rooms");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        using HttpResponseMessage response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (JsonElement listed in body.RootElement.GetProperty("rooms").EnumerateArray())
        {
            if (listed.GetProperty("id").GetString() != room)
            {
                continue;
            }

            foreach (JsonElement participant in listed.GetProperty("participants").EnumerateArray())
            {
                if (participant.GetProperty("id").GetString() == participantId)
                {
                    return participant.GetProperty("connected").GetBoolean();
                }
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
    }
}
