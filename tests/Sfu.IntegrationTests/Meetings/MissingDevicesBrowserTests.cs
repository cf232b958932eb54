using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// Joining with what is available: a participant whose camera and microphone are denied, one who has no camera, and one
/// who blocked only the camera are told exactly what is missing on their page, still join, and still see and hear the
/// others (and are heard where they can be); the others see who has no microphone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MissingDevicesBrowserTests
{
    // getUserMedia fails the way Chromium fails it when the user blocks the permission prompt.
    private const string DenyAllDevices = """
        navigator.mediaDevices.getUserMedia = async () => { throw new DOMException('Permission denied', 'NotAllowedError'); };
        """;

    // A machine with a microphone and no camera: any request for video fails as "not found".
    private const string NoCamera = """
        (() => {
          const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
          navigator.mediaDevices.getUserMedia = async (constraints) => {
            if (constraints && constraints.video) throw new DOMException('Requested device not found', 'NotFoundError');
            return original(constraints);
          };
        })();
        """;

    // The camera permission blocked, the microphone allowed: Chromium refuses any request that includes video.
    private const string CameraDenied = """
        (() => {
          const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
          navigator.mediaDevices.getUserMedia = async (constraints) => {
            if (constraints && constraints.video) throw new DOMException('Permission denied', 'NotAllowedError');
            return original(constraints);
          };
        })();
        """;

    [Fact]
    public async Task Participants_without_camera_or_microphone_are_told_why_and_still_take_part()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        const string room = "missing-devices-room";

        var alice = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Alice");
        var bob = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Bob", DenyAllDevices);
        var carol = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Carol", NoCamera);
        var dan = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Dan", CameraDenied);

        await bob.WaitForNoticeAsync("Access to your camera and microphone was denied");
        await carol.WaitForNoticeAsync("No camera was found");
        await dan.WaitForNoticeAsync("Access to your camera was denied");
        Assert.DoesNotContain(await dan.NoticesAsync(), notice => notice.Contains("microphone", StringComparison.Ordinal));

        string aliceId = await alice.ParticipantIdAsync();
        string bobId = await bob.ParticipantIdAsync();
        string carolId = await carol.ParticipantIdAsync();
        string danId = await dan.ParticipantIdAsync();

        // Bob sends nothing, yet receives Alice's video and the audio of Alice, Carol and Dan.
        await bob.WaitForPlayingVideoOfAsync(aliceId);
        await bob.WaitForRisingRemoteAudioAsync(3);
        Assert.True(await bob.IsDisabledAsync("#mic-button"));
        Assert.True(await bob.IsDisabledAsync("#camera-button"));

        // Carol sends audio only: she sees Alice and hears Alice and Dan, and Alice hears her.
        await carol.WaitForPlayingVideoOfAsync(aliceId);
        await carol.WaitForRisingRemoteAudioAsync(2);
        Assert.True(await carol.IsDisabledAsync("#camera-button"));
        Assert.False(await carol.IsDisabledAsync("#mic-button"));

        // Dan blocked only his camera: he joins with his microphone (not without both), sees Alice, and is heard.
        Assert.True(await dan.IsDisabledAsync("#camera-button"));
        Assert.False(await dan.IsDisabledAsync("#mic-button"));
        await dan.WaitForPlayingVideoOfAsync(aliceId);

        await alice.WaitForTileOfAsync(bobId);
        await alice.WaitForTileOfAsync(carolId);
        await alice.WaitForTileOfAsync(danId);
        await alice.WaitForRisingRemoteAudioAsync(2); // Carol and Dan
        await alice.WaitForMicStateAsync(danId, "on");
        await alice.WaitForMicStateAsync(carolId, "on");
        await alice.WaitForMicStateAsync(bobId, "none"); // not a normal unmuted microphone: Bob has none

        MeetingPage.AssertNoPageErrors(alice, bob, carol, dan);
    }
}
