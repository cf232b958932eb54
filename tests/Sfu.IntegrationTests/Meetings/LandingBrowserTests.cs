using System.Text.Json;
using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// The landing page makes only meetings that exist: "New meeting" sends someone not signed in to sign in and then
/// creates a real meeting they host; signed in, it creates one at once; joining by code refuses a code with no meeting
/// on the spot; a crafted sign-in link cannot send the person to another site; the dashboard ends a meeting.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LandingBrowserTests
{
    [Fact]
    public async Task New_meeting_signs_in_then_creates_a_joinable_meeting_and_unknown_codes_are_refused_on_the_page()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        string at(string path) => new Uri(server.BaseAddress, path).ToString();
        MeetingPage page = await MeetingPage.OpenAsync(chromium, "Lena");

        // Not signed in: "New meeting" asks for a sign-in first, and comes back to create the meeting.
        await page.Page.GotoAsync(at("/"));
        await page.Page.ClickAsync("#new-meeting");
        await page.Page.WaitForURLAsync("**/signin.html?next=*", new() { Timeout = 45_000 });
        await page.Page.ClickAsync("#mode-switch");
        await page.Page.FillAsync("#account-name", "Lena");
        await page.Page.FillAsync("#account-email", "lena@example.com");
        await page.Page.FillAsync("#account-password", "a long password");
        await page.Page.ClickAsync("#signin-submit");
        await page.Page.WaitForURLAsync("**/m/*", new() { Timeout = 45_000 });
        string code = new Uri(page.Page.Url).AbsolutePath["/m/".Length..];
        Assert.Matches("^[a-z]{4}-[a-z]{4}-[a-z]{4}$", code);
        JsonElement meeting = JsonDocument.Parse(await http.GetStringAsync($"/api/meetings/{code}")).RootElement;
        Assert.Equal("Lena's meeting", meeting.GetProperty("title").GetString());

        // The new meeting joins: its creator is the host. "Join now" is pressed as soon as it shows, while the preview
        // may still be starting: the press counts.
        await page.WaitForAsync("() => document.getElementById('prejoin').hidden === false");
        await page.Page.ClickAsync("#prejoin-join");
        await page.WaitForAsync("() => !!window.sfuDebug?.participantId && document.getElementById('host-panel').hidden === false");

        // Signed in: "New meeting" creates another one at once.
        await page.Page.GotoAsync(at("/"));
        await page.Page.ClickAsync("#new-meeting");
        await page.Page.WaitForURLAsync(url => url.Contains("/m/", StringComparison.Ordinal) && !url.EndsWith(code, StringComparison.Ordinal), new() { Timeout = 45_000 });
        string second = new Uri(page.Page.Url).AbsolutePath["/m/".Length..];
        Assert.Equal("created", JsonDocument.Parse(await http.GetStringAsync($"/api/meetings/{second}")).RootElement.GetProperty("status").GetString());

        // Joining by a code with no meeting is refused on the landing page; a real code opens the meeting.
        await page.Page.GotoAsync(at("/"));
        await page.Page.FillAsync("#code-input", "zzzz-zzzz-zzzz");
        await page.Page.FillAsync("#name-input", "Lena");
        await page.Page.ClickAsync("#join-form button[type=submit]");
        await page.WaitForAsync("() => document.getElementById('form-error').textContent.includes('no meeting with this code')");
        Assert.EndsWith("/", page.Page.Url, StringComparison.Ordinal);
        await page.Page.FillAsync("#code-input", second.ToUpperInvariant());
        await page.Page.ClickAsync("#join-form button[type=submit]");
        await page.Page.WaitForURLAsync($"**/m/{second}?name=Lena", new() { Timeout = 45_000 });
        await page.WaitForAsync("() => !!window.sfuDebug?.participantId");

        // A sign-in link naming another site as "next" ends on the dashboard instead.
        MeetingPage other = await MeetingPage.OpenAsync(chromium, "Crafted");
        await other.Page.GotoAsync(at("/signin.html?next=//example.com/phish"));
        await other.Page.FillAsync("#account-email", "lena@example.com");
        await other.Page.FillAsync("#account-password", "a long password");
        await other.Page.ClickAsync("#signin-submit");
        await other.Page.WaitForURLAsync("**/dashboard.html", new() { Timeout = 45_000 });
        Assert.StartsWith(server.BaseAddress.ToString(), other.Page.Url, StringComparison.Ordinal);

        // The dashboard lists both meetings; ending one there ends it (the person in it is told).
        await other.WaitForAsync("() => document.querySelectorAll('#meeting-rows tr').length === 2");
        await other.Page.ClickAsync($"#meeting-rows tr[data-code='{second}'] button.danger");
        await other.WaitForAsync("(code) => document.querySelector(`#meeting-rows tr[data-code='${code}']`)?.cells[2].textContent === 'ended'", second);
        await page.WaitForAsync("() => document.getElementById('ended').hidden === false");
        Assert.Equal("The meeting has ended.", await page.Page.TextContentAsync("#ended-reason"));

        MeetingPage.AssertNoPageErrors(page, other);
    }
}
