using Microsoft.Playwright;
using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// Links that cannot join as they are: a bad meeting code is explained on the page (with a way home) instead of a bare
/// 404, an upper-case code opens the lower-case meeting, and a name the server would refuse brings up the name prompt
/// with the reason instead of asking the server for a token again and again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingLinkBrowserTests
{
    [Fact]
    public async Task Bad_codes_and_names_in_the_link_are_explained_and_fixed_on_the_page()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        await global::Tests.Shared.TestMeetings.EnsureAsync(server.BaseAddress, "link-room");

        MeetingPage link = await MeetingPage.OpenAsync(chromium, "Link");
        foreach (string path in new[] { "/m/AB", "/m/x/extra", "/m/" + new string('a', 65) })
        {
            await link.Page.GotoAsync(new Uri(server.BaseAddress, path).AbsoluteUri);
            await link.WaitForAsync("() => document.getElementById('ended').hidden === false");
            Assert.Equal("This meeting code is not valid.", await link.Page.TextContentAsync("#ended-reason"));
            Assert.Equal("/", await link.Page.GetAttributeAsync("#home-link", "href"));
            Assert.True(await link.Page.IsVisibleAsync("#home-link"));
        }

        // An upper-case code is the lower-case meeting (the server redirects, keeping the name).
        IResponse? upper = await link.Page.GotoAsync(new Uri(server.BaseAddress, "/m/Link-Room?name=Ann").ToString());
        Assert.Equal(new Uri(server.BaseAddress, "/m/link-room?name=Ann").ToString(), upper!.Url);
        await link.Page.GotoAsync("about:blank"); // no need for Ann to join: this test is about links

        // A 300-character name and one with a control character: the prompt says why, and no token is asked for.
        MeetingPage named = await MeetingPage.OpenAsync(chromium, "Named");
        int tokenRequests = 0;
        named.Page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/meetings/link-room/join", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref tokenRequests);
            }
        };
        foreach ((string name, string reason) in new[] { (new string('n', 300), "too long"), ("a%00b", "control characters") })
        {
            await named.Page.GotoAsync(new Uri(server.BaseAddress, $"/m/link-room?name={name}").AbsoluteUri);
            await named.WaitForAsync(
                "(reason) => document.getElementById('name-prompt').hidden === false && document.getElementById('name-error').textContent.includes(reason)",
                reason);
        }

        // A name of spaces is not silently ignored either; a good one joins.
        await named.Page.FillAsync("#name-input", "   ");
        await named.Page.ClickAsync("#name-form button[type=submit]");
        await named.WaitForAsync("() => document.getElementById('name-error').textContent.includes('enter your name')");
        Assert.Equal(0, Volatile.Read(ref tokenRequests));

        await named.Page.FillAsync("#name-input", "Nora");
        await named.Page.ClickAsync("#name-form button[type=submit]");
        await named.WaitForAsync("() => !!window.sfuDebug?.participantId");
        Assert.EndsWith("/m/link-room?name=Nora", named.Page.Url, StringComparison.Ordinal);

        MeetingPage.AssertNoPageErrors(link, named);
    }
}
