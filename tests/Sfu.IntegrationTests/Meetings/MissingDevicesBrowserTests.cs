using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// Joining with what is available: a participant whose camera and microphone are denied, and one who has no camera,
/// are told why on their page, still join, and still see and hear the others (and are heard where they can be).
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

    [Fact]
    public async Task Participants_without_camera_or_microphone_are_told_why_and_still_take_part()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        const string room = "missing-devices-room";

        var alice = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Alice");
        var bob = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Bob", DenyAllDevices);
        var carol = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Carol", NoCamera);

        await bob.WaitForNoticeAsync("Access to your camera and microphone was denied");
        await carol.WaitForNoticeAsync("No camera was found");

        string aliceId = await alice.ParticipantIdAsync();
        string bobId = await bob.ParticipantIdAsync();
        string carolId = await carol.ParticipantIdAsync();

        // Bob sends nothing, yet receives Alice's video and the audio of Alice and Carol.
        await bob.WaitForPlayingVideoOfAsync(aliceId);
        await bob.WaitForRisingRemoteAudioAsync(2);
        Assert.True(await bob.IsDisabledAsync("#mic-button"));
        Assert.True(await bob.IsDisabledAsync("#camera-button"));

        // Carol sends audio only: she sees Alice, and Alice hears her.
        await carol.WaitForPlayingVideoOfAsync(aliceId);
        await carol.WaitForRisingRemoteAudioAsync(1);
        Assert.True(await carol.IsDisabledAsync("#camera-button"));
        Assert.False(await carol.IsDisabledAsync("#mic-button"));

        await alice.WaitForTileOfAsync(bobId);
        await alice.WaitForTileOfAsync(carolId);
        await alice.WaitForRisingRemoteAudioAsync(1);
    }
}
