using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Api.Accounts;
using Api.Meetings;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Tests.Shared;

/// <summary>
/// For tests that meet in ad-hoc rooms ("room-1", "team-sync"): makes the meeting with exactly that code exist in the
/// server's meetings database (hosted by a test account, guests allowed), so that tokens come from the real
/// <c>POST /api/meetings/{code}/join</c> and the server is not weakened for tests. Linked into each test project.
/// </summary>
public static class TestMeetings
{
    public const string HostEmail = "test-host@example.com";

    private static readonly ConcurrentDictionary<Uri, IServiceProvider> Servers = new();

    /// <summary>Remembers the services of the server at <paramref name="baseAddress"/>, for <see cref="EnsureAsync(Uri, string)"/>.</summary>
    public static void Register(Uri baseAddress, IServiceProvider services) => Servers[baseAddress] = services;

    public static void Unregister(Uri baseAddress) => Servers.TryRemove(baseAddress, out _);

    public static Task EnsureAsync(Uri baseAddress, string code) =>
        Servers.TryGetValue(baseAddress, out IServiceProvider? services)
            ? EnsureAsync(services, code)
            : throw new InvalidOperationException($"no test server registered at {baseAddress}");

    /// <summary>Creates the meeting <paramref name="code"/> (guests allowed) unless it exists.</summary>
    public static async Task EnsureAsync(IServiceProvider services, string code)
    {
        MeetingRepository meetings = services.GetRequiredService<MeetingRepository>();
        if (await meetings.FindByCodeAsync(code) is not null)
        {
            return;
        }

        UserRepository users = services.GetRequiredService<UserRepository>();
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        UserRow host = await users.FindByEmailAsync(HostEmail)
            ?? await users.CreateAsync(HostEmail, services.GetRequiredService<PasswordHasher<UserRow>>().HashPassword(new UserRow(), "test-host-password"), "Test Host", now)
            ?? (await users.FindByEmailAsync(HostEmail))!; // created by a concurrent call
        _ = await meetings.CreateAsync(code, "Test meeting " + code, host.Id, allowGuests: true, now); // null: a concurrent call made it
    }

    /// <summary>Ensures the meeting, then asks the real join endpoint for a guest's meeting token.</summary>
    public static async Task<string> TokenAsync(HttpClient http, IServiceProvider services, string code, string name)
    {
        await EnsureAsync(services, code);
        using HttpResponseMessage response = await http.PostAsJsonAsync($"/api/meetings/{code}/join", new { displayName = name });
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/meetings/{code}/join: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
