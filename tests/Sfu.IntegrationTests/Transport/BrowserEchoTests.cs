using Microsoft.Playwright;
using Sfu.Crypto.Srtp;
using Sfu.IntegrationTests.Browser;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.IntegrationTests.Transport;

/// <summary>
/// Real headless Chromium against our transport: the browser offers audio and video, we answer as an
/// ICE-lite DTLS server, decrypt both streams, and send its video back on a new SSRC, which it decodes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserEchoTests
{
    private const string PageScript = """
        window.startCall = async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
          const pc = new RTCPeerConnection();
          window.pc = pc;
          window.remoteVideoTracks = 0;
          pc.ontrack = (e) => { if (e.track.kind === 'video') window.remoteVideoTracks++; };
          for (const track of stream.getTracks()) pc.addTrack(track, stream);
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          return pc.localDescription.sdp;
        };
        window.inboundVideo = async () => {
          const stats = await window.pc.getStats();
          let frames = 0;
          stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
          return frames;
        };
        """;

    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    public async Task Chromium_connects_sends_both_streams_and_decodes_its_echoed_video(SrtpProfile profile)
    {
        using var harness = new EchoHarness(profile);
        await using Chromium chromium = await Chromium.LaunchAsync();
        IPage page = await chromium.Context.NewPageAsync();
        await page.RouteAsync("http://localhost/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!doctype html><html><body><script>" + PageScript + "</script></body></html>",
        }));
        await page.GotoAsync("http://localhost/echo");

        string offerSdp = await page.EvaluateAsync<string>("() => window.startCall()");
        Assert.True(SessionDescription.TryParse(offerSdp, out SessionDescription? offer, out string? parseError), parseError);

        MediaDescription video = FindMedia(offer!, "video");
        MediaDescription audio = FindMedia(offer!, "audio");
        uint videoSsrc = FirstSsrc(video);
        uint audioSsrc = FirstSsrc(audio);
        const uint echoSsrc = 0x0EC0_0001;

        var local = new LocalTransportParameters(
            harness.Transport.Ice.LocalUfrag,
            harness.Transport.Ice.LocalPwd,
            harness.Certificate.Sha256Fingerprint,
            [new HostCandidate("127.0.0.1", harness.EndPoint.Port)]);
        var echoTrack = new OutgoingTrack(video.Mid, "video", "echo-stream", "echo-track", echoSsrc, 0);
        Assert.True(
            SdpAnswerBuilder.TryBuildAnswer(offer!, local, CodecPolicy.Default, new AnswerOptions { Tracks = [echoTrack] }, out SessionDescription? answer, out NegotiatedSession? negotiated, out string? answerError),
            answerError);

        await harness.ConfigureAsync(negotiated!.RemoteIceUfrag, negotiated.RemoteIcePwd, negotiated.RemoteFingerprint.Value, videoSsrc, echoSsrc);

        await page.EvaluateAsync("sdp => window.pc.setRemoteDescription({ type: 'answer', sdp })", answer!.ToString());
        await page.WaitForFunctionAsync("() => window.pc.connectionState === 'connected'", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        await harness.Connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await PagePolling.UntilAsync(page, "async () => (await window.inboundVideo()) > 0", null, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(250));

        Assert.True(harness.RtpPacketsBySsrc.GetValueOrDefault(audioSsrc) > 0, "no audio RTP decrypted from the announced SSRC");
        Assert.True(harness.RtpPacketsBySsrc.GetValueOrDefault(videoSsrc) > 0, "no video RTP decrypted from the announced SSRC");
        Assert.True(harness.EchoedPackets > 0);
        Assert.Equal(profile, harness.Transport.SrtpProfile);
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.remoteVideoTracks"));
    }

    private static MediaDescription FindMedia(SessionDescription sdp, string kind)
    {
        foreach (MediaDescription media in sdp.Media)
        {
            if (media.Kind == kind)
            {
                return media;
            }
        }

        throw new InvalidOperationException("the offer has no " + kind);
    }

    private static uint FirstSsrc(MediaDescription media)
    {
        foreach (var ssrc in media.Ssrcs)
        {
            return ssrc.Ssrc;
        }

        throw new InvalidOperationException("no a=ssrc in the " + media.Kind + " m= line");
    }
}
