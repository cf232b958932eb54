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

    // Camera and microphone are on the connection and negotiated.
    private const string Published =
        "() => window.sfuDebug.pc?.signalingState === 'stable' && !!window.sfuDebug.pc.localDescription && window.sfuDebug.pc.getSenders().filter(s => s.track).length === 2";

    [Fact]
    public async Task The_camera_and_microphone_chosen_before_joining_are_the_ones_published_and_are_remembered_for_the_next_join()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync(Chromium.ThreeFakeDevicesEach);
        const string room = "prejoin-room";
        await global::Tests.Shared.TestMeetings.EnsureAsync(server.BaseAddress, room);

        // A link without a name: the page asks for one, then shows the preview with the device pickers.
        MeetingPage ana = await MeetingPage.OpenAsync(chromium, "Ana");
        await ana.Page.GotoAsync(new Uri(server.BaseAddress, $"/m/{room}").ToString());
        await ana.Page.FillAsync("#name-input", "Ana");
        await ana.Page.PressAsync("#name-input", "Enter");
        await ana.WaitForAsync("() => !document.getElementById('prejoin').hidden && document.getElementById('camera-select').options.length > 2 && document.getElementById('microphone-select').options.length > 2");
        string camera = await OtherOptionAsync(ana, "#camera-select");
        string microphone = await OtherOptionAsync(ana, "#microphone-select");
        string cameraLabel = await ana.Page.EvaluateAsync<string>("(id) => [...document.getElementById('camera-select').options].find(o => o.value === id).text", camera);
        string microphoneLabel = await ana.Page.EvaluateAsync<string>("(id) => [...document.getElementById('microphone-select').options].find(o => o.value === id).text", microphone);
        await ana.Page.SelectOptionAsync("#camera-select", camera);
        await ana.Page.SelectOptionAsync("#microphone-select", microphone);
        await ana.Page.ClickAsync("#prejoin-join");

        // What the meeting publishes is what was picked, and the in-meeting lists show it.
        await ana.WaitForAsync(Published);
        Assert.Equal(cameraLabel, (await SenderAsync(ana, "video")).GetProperty("label").GetString());
        Assert.Equal(microphoneLabel, (await SenderAsync(ana, "audio")).GetProperty("label").GetString());
        await ana.WaitForAsync("(id) => document.getElementById('meeting-camera-select').value === id", camera);
        await ana.CloseTabAsync();

        // A named link joins at once, with the devices chosen last time.
        MeetingPage again = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Ana");
        await again.WaitForAsync(Published);
        Assert.Equal(cameraLabel, (await SenderAsync(again, "video")).GetProperty("label").GetString());
        Assert.Equal(microphoneLabel, (await SenderAsync(again, "audio")).GetProperty("label").GetString());
        MeetingPage.AssertNoPageErrors(ana, again);
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
