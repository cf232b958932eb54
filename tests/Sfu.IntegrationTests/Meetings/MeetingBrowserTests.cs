using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// The product as a person uses it: real headless Chromium pages with fake camera and microphone join one
/// meeting through the web client, WebSocket signaling and the SFU, and see and hear each other; pages that leave (by the
/// button or by closing the tab) are gone from the others at once; no page has an uncaught script error.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeetingBrowserTests
{
    [Fact]
    public async Task Three_then_four_participants_see_and_hear_each_other_chat_mute_and_leave()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        const string room = "browser-test-room";

        var alice = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Alice");
        var bob = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Bob");
        var carol = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Carol");
        MeetingPage[] firstThree = [alice, bob, carol];

        foreach (MeetingPage page in firstThree)
        {
            await page.WaitForPlayingRemoteVideosAsync(2);
            await page.WaitForRisingRemoteAudioAsync(2);
        }

        // A fourth joins late: it sees the three, and they see it.
        var dave = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Dave");
        foreach (MeetingPage page in (MeetingPage[])[alice, bob, carol, dave])
        {
            await page.WaitForPlayingRemoteVideosAsync(3);
        }

        await dave.WaitForRisingRemoteAudioAsync(3);

        // Chat reaches the other pages.
        await bob.SendChatAsync("hello from bob");
        foreach (MeetingPage page in (MeetingPage[])[alice, carol, dave])
        {
            await page.WaitForChatAsync("hello from bob");
        }

        // A message the server refuses (rate limit) is not lost: it stays in the input, with the reason beside it.
        string refused = await bob.SendChatUntilRefusedAsync(attempts: 20);
        Assert.Equal(refused, await bob.Page.InputValueAsync("#chat-input"));
        Assert.Contains("Slow down", await bob.Page.TextContentAsync("#chat-error"), StringComparison.Ordinal);

        // A mute shows on the other pages.
        string carolId = await carol.ParticipantIdAsync();
        await carol.Page.ClickAsync("#mic-button");
        foreach (MeetingPage page in (MeetingPage[])[alice, bob, dave])
        {
            await page.WaitForMutedTileAsync(carolId);
        }

        // One leaves: its tile is gone from the others within 5 seconds.
        string daveId = await dave.ParticipantIdAsync();
        await dave.Page.ClickAsync("#leave-button");
        foreach (MeetingPage page in firstThree)
        {
            await page.WaitForNoTileOfAsync(daveId, timeoutMs: 5_000);
        }

        // One closes the tab: the page says `leave` as it goes, so its tile is gone at once (not after the reconnect grace).
        await carol.CloseTabAsync();
        foreach (MeetingPage page in (MeetingPage[])[alice, bob])
        {
            await page.WaitForNoTileOfAsync(carolId, timeoutMs: 5_000);
        }

        foreach (MeetingPage page in (MeetingPage[])[alice, bob])
        {
            await page.WaitForPlayingRemoteVideosAsync(1);
        }

        MeetingPage.AssertNoPageErrors(alice, bob, carol, dave);
    }
}
