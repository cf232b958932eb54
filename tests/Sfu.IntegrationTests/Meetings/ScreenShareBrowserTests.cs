using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// Tracks that come and go mid-meeting: a screen share adds a video track to a running RTCPeerConnection (browser offer,
/// then server offers to everyone else) and stopping it removes it, while the camera and microphone keep flowing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenShareBrowserTests
{
    [Fact]
    public async Task A_screen_share_appears_for_others_and_goes_away_without_interrupting_the_camera()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        const string room = "screen-share-room";

        var alice = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Alice");
        var bob = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Bob");
        await alice.WaitForPlayingRemoteVideosAsync(1);
        await bob.WaitForPlayingRemoteVideosAsync(1);
        string aliceId = await alice.ParticipantIdAsync();

        await alice.Page.ClickAsync("#screen-button");
        await bob.WaitForPlayingVideoOfAsync(aliceId, source: "screen");
        await bob.WaitForPlayingVideoOfAsync(aliceId);
        await bob.WaitForRisingRemoteAudioAsync(1);

        await alice.Page.ClickAsync("#screen-button");
        await bob.WaitForNoTileOfAsync(aliceId, source: "screen", timeoutMs: 10_000);
        await bob.WaitForPlayingVideoOfAsync(aliceId);
        await bob.WaitForRisingRemoteAudioAsync(1);
        await alice.WaitForPlayingRemoteVideosAsync(1);

        // Stopping the share once threw in Bob's page (a removed tile's track detached again): no script errors.
        MeetingPage.AssertNoPageErrors(alice, bob);
    }
}
