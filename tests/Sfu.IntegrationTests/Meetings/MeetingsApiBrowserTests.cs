using System.Net.Http.Headers;
using System.Text.Json;
using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// The meetings API as people use it in Chromium: a host registers, creates a meeting and starts it from the dashboard;
/// two guests join by link; chat is kept and shown to the late joiner; the host removes one guest (who cannot come back)
/// and ends the meeting (everyone is told, no rejoin is offered); the dashboard shows three attendance rows.
/// The host and the guests use separate browsers (separate storage); each guest page keeps its own guest key (the two
/// guests share one browser's device cookie, so Leo joins before Gia is removed).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingsApiBrowserTests
{
    [Fact]
    public async Task Host_registers_creates_a_meeting_guests_join_chat_persists_removal_bans_and_ending_tells_everyone()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium hostBrowser = await Chromium.LaunchAsync();
        await using Chromium guestBrowser = await Chromium.LaunchAsync();
        Uri at(string path) => new(server.BaseAddress, path);

        // Register and create a meeting on the dashboard.
        MeetingPage host = await MeetingPage.OpenAsync(hostBrowser, "Hosanna");
        await host.Page.GotoAsync(at("/signin.html?register").ToString());
        await host.Page.FillAsync("#account-name", "Hosanna");
        await host.Page.FillAsync("#account-email", "hosanna@example.com");
        await host.Page.FillAsync("#account-password", "a long password");
        await host.Page.ClickAsync("#signin-submit");
        await host.Page.WaitForURLAsync("**/dashboard.html", new() { Timeout = 45_000 }); // polling across a navigation would lose its context
        await host.WaitForAsync("() => location.pathname === '/dashboard.html' && !!document.getElementById('who').textContent");
        await host.Page.FillAsync("#title-input", "Design review");
        await host.Page.ClickAsync("#create-form button[type=submit]");
        await host.WaitForAsync("() => document.querySelectorAll('#meeting-rows tr').length === 1");
        string code = (await host.Page.GetAttributeAsync("#meeting-rows tr", "data-code"))!;

        // Copy link puts the meeting's address on the clipboard and says so.
        await hostBrowser.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = server.BaseAddress.GetLeftPart(UriPartial.Authority) });
        await host.Page.ClickAsync("#meeting-rows tr button:has-text('Copy link')");
        await host.WaitForAsync("() => document.querySelector('#meeting-rows tr td:last-child button').textContent === 'Copied'");
        Assert.Equal(at("/m/" + code).ToString(), await host.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // Start it: the signed-in host gets the device preview, then joins under the account's name, as host.
        await host.Page.ClickAsync("#meeting-rows tr a.button");
        await host.Page.WaitForURLAsync("**/m/" + code, new() { Timeout = 45_000 });
        await host.WaitForAsync("() => document.getElementById('prejoin').hidden === false && document.getElementById('camera-select').options.length > 1");
        await host.Page.ClickAsync("#prejoin-join");
        await host.WaitForAsync("() => !!window.sfuDebug?.participantId && document.getElementById('host-panel').hidden === false");

        MeetingPage gia = await GuestAsync(guestBrowser, "Gia", "gia-browser-key");
        await gia.Page.GotoAsync(at($"/m/{code}?name=Gia").ToString());
        await gia.WaitForAsync("() => !!window.sfuDebug?.participantId");
        await SendChatAsync(host, "Welcome, everyone");
        await SendChatAsync(gia, "Hi from Gia");

        // The late joiner sees the chat from before it joined.
        MeetingPage leo = await GuestAsync(guestBrowser, "Leo", "leo-browser-key");
        await leo.Page.GotoAsync(at($"/m/{code}?name=Leo").ToString());
        await leo.WaitForAsync(
            "() => { const t = document.getElementById('chat-messages').textContent; return t.includes('Welcome, everyone') && t.includes('Hi from Gia'); }");

        // Lock: a newcomer is refused and told why; unlocked again afterwards.
        await host.Page.ClickAsync("#lock-button");
        await host.WaitForAsync("() => document.getElementById('lock-button').getAttribute('aria-pressed') === 'true'");
        MeetingPage late = await GuestAsync(guestBrowser, "Late", "late-key");
        await late.Page.GotoAsync(at($"/m/{code}?name=Late").ToString());
        await late.WaitForAsync("() => document.getElementById('ended').hidden === false");
        Assert.Contains("locked", await late.Page.TextContentAsync("#ended-detail"), StringComparison.Ordinal);
        Assert.False(await late.Page.IsVisibleAsync("#rejoin-link"));
        await late.Page.CloseAsync();
        await host.Page.ClickAsync("#lock-button");
        await host.WaitForAsync("() => document.getElementById('lock-button').getAttribute('aria-pressed') === 'false'");

        // Remove Gia: she is told, offered no rejoin, and opening the link again is refused.
        await host.WaitForAsync("() => !!document.querySelector('#host-participants button[aria-label=\"Remove Gia\"]')");
        await host.Page.ClickAsync("#host-participants button[aria-label=\"Remove Gia\"]");
        await gia.WaitForAsync("() => document.getElementById('ended').hidden === false");
        Assert.Equal("You were removed from the meeting.", await gia.Page.TextContentAsync("#ended-reason"));
        Assert.False(await gia.Page.IsVisibleAsync("#rejoin-link"));
        await gia.Page.GotoAsync(at($"/m/{code}?name=Gia").ToString());
        await gia.WaitForAsync("() => document.getElementById('ended').hidden === false");
        Assert.Equal("You cannot join this meeting.", await gia.Page.TextContentAsync("#ended-reason"));
        Assert.False(await gia.Page.IsVisibleAsync("#rejoin-link"));
        // Storage cleared (a new guest key) and another name do not get her back in: the httpOnly device cookie remains.
        MeetingPage giaAgain = await GuestAsync(guestBrowser, "Gianna", "a-fresh-guest-key");
        await giaAgain.Page.GotoAsync(at($"/m/{code}?name=Gianna").ToString());
        await giaAgain.WaitForAsync("() => document.getElementById('ended').hidden === false");
        Assert.Equal("You cannot join this meeting.", await giaAgain.Page.TextContentAsync("#ended-reason"));

        // End the meeting: everyone still in it is told, and no rejoin is offered.
        await host.Page.ClickAsync("#end-button");
        foreach (MeetingPage page in new[] { host, leo })
        {
            await page.WaitForAsync("() => document.getElementById('ended').hidden === false");
            Assert.Equal("The meeting has ended.", await page.Page.TextContentAsync("#ended-reason"));
            Assert.False(await page.Page.IsVisibleAsync("#rejoin-link"));
        }

        // Attendance on the dashboard: three rows, each with a join and a leave time.
        await host.Page.GotoAsync(at("/dashboard.html").ToString());
        await host.WaitForAsync("() => document.querySelectorAll('#meeting-rows tr').length === 1");
        await host.Page.ClickAsync("#meeting-rows tr button:text('Details')");
        await host.WaitForAsync(
            "() => [...document.querySelectorAll('#attendance-rows tr')].filter(r => r.cells[2].textContent !== '—' && r.cells[3].textContent !== '—').length === 3");
        Assert.Contains("Welcome, everyone", await host.Page.TextContentAsync("#chat-history"));

        // The same, as the API reports it.
        string token = await host.Page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('sfu.auth')).token");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        JsonElement[] rows = [.. JsonDocument.Parse(await http.GetStringAsync($"/api/meetings/{code}/participants")).RootElement.GetProperty("participants").EnumerateArray()];
        Assert.Equal(["Hosanna", "Gia", "Leo"], rows.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal(["meeting_ended", "removed", "meeting_ended"], rows.Select(r => r.GetProperty("leaveReason").GetString()));

        MeetingPage.AssertNoPageErrors(host, gia, giaAgain, leo, late);
    }

    /// <summary>A guest's page: not signed in, with its own guest key (the guests share one browser profile).</summary>
    private static Task<MeetingPage> GuestAsync(Chromium browser, string name, string guestKey) =>
        MeetingPage.OpenAsync(browser, name, $"localStorage.removeItem('sfu.auth'); localStorage.setItem('sfu.guestKey', '{guestKey}');");

    private static async Task SendChatAsync(MeetingPage page, string text)
    {
        await page.Page.FillAsync("#chat-input", text);
        await page.Page.PressAsync("#chat-input", "Enter");
        await page.WaitForAsync("(text) => document.getElementById('chat-messages').textContent.includes(text)", text);
    }
}
