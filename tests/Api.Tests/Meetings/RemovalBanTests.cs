using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Api.Tests.Infrastructure;
using Signaling.Tests.Hosting;

namespace Api.Tests.Meetings;

/// <summary>
/// A removal holds against the removed guest coming back without its guest key: the join endpoint's httpOnly device
/// cookie recognises the browser, and after the cookies are gone too the client address with the same display name.
/// What it cannot stop (another name after clearing everything) is asserted too, as docs/api.md says.
/// </summary>
public abstract class RemovalBanTests(DatabaseKind kind) : DatabaseTestBase(kind)
{
    [Fact]
    public async Task ARemovedGuestWhoClearedTheGuestKeyIsStillRefusedByTheDeviceCookieOrAddressAndName()
    {
        string host = await Host.SignUpAsync("ban@example.com");
        string code = await Host.CreateMeetingAsync(host);
        using HttpClient mallorysBrowser = Browser();
        string malloryId = await JoinAsync(mallorysBrowser, code, "Mallory", "key-before-clearing");
        using (HttpResponseMessage removed = await Host.SendAsync(HttpMethod.Post, $"/api/meetings/{code}/participants/{malloryId}/remove", host))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        // Storage cleared (new guest key), same browser: the device cookie is still there.
        await AssertRefusedAsync(mallorysBrowser, code, "Mallory", "key-after-clearing");
        await AssertRefusedAsync(mallorysBrowser, code, "Someone New", "another-key");
        // Cookies cleared too: the same address under the same name (in any case) is still refused.
        using HttpClient cleared = Browser();
        await AssertRefusedAsync(cleared, code, "  mALLORY ", "yet-another-key");
        // The limit: after clearing everything, another name from the same address gets in (docs/api.md).
        using HttpClient renamed = Browser();
        await JoinAsync(renamed, code, "Trudy", "trudy-key");
        // A signed-in user is only ever matched by account, never by address and name.
        string namesake = await Host.SignUpAsync("mallory@example.com", name: "Mallory");
        Assert.Equal("guest", (await Host.JoinTokenAsync(code, "", namesake)).GetProperty("role").GetString());
        // Another meeting is not affected.
        string other = await Host.CreateMeetingAsync(host, "Other");
        await JoinAsync(mallorysBrowser, other, "Mallory", "key-after-clearing");
    }

    [Fact]
    public async Task TheDeviceCookieIsHttpOnlyStrictAndScopedToTheMeetingsApi()
    {
        string host = await Host.SignUpAsync("cookie@example.com");
        string code = await Host.CreateMeetingAsync(host);
        using HttpClient browser = new(new HttpClientHandler { UseCookies = false }) { BaseAddress = Host.Base };
        using HttpResponseMessage response = await browser.PostAsJsonAsync($"/api/meetings/{code}/join", new { displayName = "Cookie" });
        string setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Matches("^sfu_device=[A-Za-z0-9_-]{24};", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/meetings", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RandomAndMutatedDeviceCookiesAreReplacedAndNeverBreakAJoin()
    {
        string host = await Host.SignUpAsync("fuzz-cookie@example.com");
        string code = await Host.CreateMeetingAsync(host);
        var random = new Random(77);
        const string alphabet = "AZaz09-_=;, \"%\\/.";
        for (int i = 0; i < 40; i++)
        {
            char[] value = new char[random.Next(0, 40)];
            for (int c = 0; c < value.Length; c++)
            {
                value[c] = alphabet[random.Next(alphabet.Length)];
            }

            using HttpClient browser = new(new HttpClientHandler { UseCookies = false }) { BaseAddress = Host.Base };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/meetings/{code}/join") { Content = JsonContent.Create(new { displayName = "Fuzz " + i }) };
            request.Headers.TryAddWithoutValidation("Cookie", "sfu_device=" + new string(value));
            using HttpResponseMessage response = await browser.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"cookie '{new string(value)}': {(int)response.StatusCode}");
            if (response.Headers.TryGetValues("Set-Cookie", out IEnumerable<string>? set))
            {
                Assert.Matches("^sfu_device=[A-Za-z0-9_-]{24};", Assert.Single(set)); // a fresh id, never the sent text
            }
            else
            {
                Assert.Matches("^[A-Za-z0-9_-]{24}$", new string(value)); // only a well-formed id is kept
            }
        }
    }

    /// <summary>A browser of its own: its own cookie jar.</summary>
    private HttpClient Browser() => new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Host.Base };

    /// <summary>Joins as a guest through <paramref name="browser"/> and /ws; returns the participant id.</summary>
    private async Task<string> JoinAsync(HttpClient browser, string code, string name, string guestKey)
    {
        using HttpResponseMessage response = await browser.PostAsJsonAsync($"/api/meetings/{code}/join", new { displayName = name, guestKey });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        JsonElement grant = await response.Content.ReadFromJsonAsync<JsonElement>();
        WsTestClient client = await Host.ConnectWithTokenAsync(grant.GetProperty("token").GetString());
        return (await client.ReceiveAsync("joined")).GetProperty("participantId").GetString()!;
    }

    private static async Task AssertRefusedAsync(HttpClient browser, string code, string name, string guestKey)
    {
        using HttpResponseMessage response = await browser.PostAsJsonAsync($"/api/meetings/{code}/join", new { displayName = name, guestKey });
        JsonElement problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("removed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

public sealed class SqliteRemovalBanTests() : RemovalBanTests(DatabaseKind.Sqlite);

public sealed class PostgresRemovalBanTests() : RemovalBanTests(DatabaseKind.Postgres);
