using System.Text.Json;
using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// Switching camera, microphone and speaker during the meeting (the in-meeting device lists): the sender's track is replaced
/// in place, so the page does not renegotiate, the camera keeps its three simulcast encodings, and the other page
/// keeps decoding our video and receiving our audio across the switch. Chromium's fake devices give three of each.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeviceSwitchBrowserTests
{
    private const string SenderState =
        """
        (kind) => {
          const pc = window.sfuDebug.pc;
          const sender = pc.getSenders().find(s => s.track?.kind === kind);
          return JSON.stringify({
            trackId: sender.track.id,
            label: sender.track.label,
            rids: (sender.getParameters().encodings || []).map(e => e.rid ?? ''),
            sdp: pc.localDescription.sdp,
            senders: pc.getSenders().length,
          });
        }
        """;

    [Fact]
    public async Task Camera_microphone_and_speaker_switch_mid_meeting_without_renegotiation_and_the_other_page_keeps_decoding()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync(Chromium.ThreeFakeDevicesEach);
        MeetingPage ana = await MeetingPage.JoinAsync(chromium, server.BaseAddress, "switch-room", "Ana");
        MeetingPage ben = await MeetingPage.JoinAsync(chromium, server.BaseAddress, "switch-room", "Ben");
        await ben.WaitForPlayingRemoteVideosAsync(1);
        await ana.WaitForAsync("() => window.sfuDebug.pc?.signalingState === 'stable' && document.getElementById('meeting-camera-select').options.length > 2");

        JsonElement cameraBefore = await SenderAsync(ana, "video");
        Assert.Equal(["q", "h", "f"], cameraBefore.GetProperty("rids").EnumerateArray().Select(r => r.GetString()));
        long decodedBefore = await FramesDecodedAsync(ben);

        string otherCamera = await OtherOptionAsync(ana, "#meeting-camera-select");
        await ana.Page.SelectOptionAsync("#meeting-camera-select", otherCamera);
        await ana.WaitForAsync(
            "(before) => window.sfuDebug.pc.getSenders().some(s => s.track?.kind === 'video' && s.track.id !== before)",
            cameraBefore.GetProperty("trackId").GetString());

        JsonElement cameraAfter = await SenderAsync(ana, "video");
        Assert.NotEqual(cameraBefore.GetProperty("label").GetString(), cameraAfter.GetProperty("label").GetString());
        Assert.Equal(["q", "h", "f"], cameraAfter.GetProperty("rids").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(cameraBefore.GetProperty("senders").GetInt32(), cameraAfter.GetProperty("senders").GetInt32());
        Assert.Equal(otherCamera, await ana.Page.InputValueAsync("#meeting-camera-select"));
        // Ben's decoder keeps producing frames after the switch (well past the frames in flight at the moment of it).
        await ben.WaitForAsync(
            """
            async (after) => {
              const stats = await window.sfuDebug.pc.getStats();
              let decoded = 0;
              stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded ?? 0; });
              return decoded > after;
            }
            """,
            await FramesDecodedAsync(ben) + 48);
        Assert.True(await FramesDecodedAsync(ben) > decodedBefore);
        await ben.WaitForPlayingVideoOfAsync(await ana.ParticipantIdAsync());

        JsonElement micBefore = await SenderAsync(ana, "audio");
        string otherMicrophone = await OtherOptionAsync(ana, "#meeting-microphone-select");
        await ana.Page.SelectOptionAsync("#meeting-microphone-select", otherMicrophone);
        await ana.WaitForAsync(
            "(before) => window.sfuDebug.pc.getSenders().some(s => s.track?.kind === 'audio' && s.track.id !== before)",
            micBefore.GetProperty("trackId").GetString());
        JsonElement micAfter = await SenderAsync(ana, "audio");
        Assert.NotEqual(micBefore.GetProperty("label").GetString(), micAfter.GetProperty("label").GetString());
        await ben.WaitForRisingRemoteAudioAsync(1);

        // Not one description was exchanged for either switch.
        Assert.Equal(cameraBefore.GetProperty("sdp").GetString(), (await SenderAsync(ana, "video")).GetProperty("sdp").GetString());

        // Muting after a switch mutes the new microphone, and the others are told (the track kept its announced id).
        await ana.Page.ClickAsync("#mic-button");
        await ben.WaitForMicStateAsync(await ana.ParticipantIdAsync(), "muted");
        Assert.False(await ana.Page.EvaluateAsync<bool>("() => window.sfuDebug.pc.getSenders().find(s => s.track?.kind === 'audio').track.enabled"));

        // The speaker: every audio and video element of the page plays on the chosen output.
        string otherSpeaker = await OtherOptionAsync(ana, "#meeting-speaker-select");
        await ana.Page.SelectOptionAsync("#meeting-speaker-select", otherSpeaker);
        await ana.WaitForAsync(
            "(sink) => { const media = [...document.querySelectorAll('audio, video')]; return media.length > 0 && media.every(m => m.sinkId === sink); }",
            otherSpeaker);

        MeetingPage.AssertNoPageErrors(ana, ben);
    }

    private static async Task<JsonElement> SenderAsync(MeetingPage page, string kind) =>
        JsonDocument.Parse(await page.Page.EvaluateAsync<string>(SenderState, kind)).RootElement.Clone();

    private static Task<long> FramesDecodedAsync(MeetingPage page) => page.Page.EvaluateAsync<long>(
        """
        async () => {
          const stats = await window.sfuDebug.pc.getStats();
          let decoded = 0;
          stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') decoded += s.framesDecoded ?? 0; });
          return decoded;
        }
        """);

    /// <summary>
    /// A device in the list other than the one in use (and other than "Default"), the last by name: Chromium's
    /// fake_device_1 is a Y16 depth camera whose frames its encoder does not take, fake_device_2 an MJPEG camera.
    /// </summary>
    private static async Task<string> OtherOptionAsync(MeetingPage page, string select)
    {
        string[] values = await page.Page.EvaluateAsync<string[]>(
            "(select) => { const s = document.querySelector(select); return [...s.options].filter(o => o.value && o.value !== s.value).sort((a, b) => b.text.localeCompare(a.text)).map(o => o.value); }",
            select);
        Assert.True(values.Length > 0, $"{select} lists no second device");
        return values[0];
    }
}
