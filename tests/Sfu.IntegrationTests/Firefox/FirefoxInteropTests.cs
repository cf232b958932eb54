using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Sfu.IntegrationTests.Browser;
using Sfu.IntegrationTests.Meetings;

namespace Sfu.IntegrationTests.Firefox;

/// <summary>
/// Firefox and Chromium in one meeting through the real server: a headless firefox-esr page (inside a network namespace
/// of the test's own, so that its ICE candidate is a non-loopback address on this machine) and two headless Chromium
/// pages join through the web client, and every page decodes every remote video and receives every remote audio
/// (getStats inbound-rtp framesDecoded and audio samples rising), with no script error on any page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FirefoxInteropTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Makes the web client publish its camera as three RID simulcast encodings (addTransceiver sendEncodings, as a
    /// simulcast-capable client does) instead of one: addTrack of a video track becomes addTransceiver. Firefox then
    /// offers <c>a=rid:q send</c>, <c>a=rid:h send</c>, <c>a=rid:f send</c>, <c>a=simulcast:send q;h;f</c> and, unlike
    /// Chrome, an <c>a=ssrc</c> line and an <c>a=ssrc-group:FID</c> per encoding (see
    /// tests/Sfu.Tests/Negotiation/Fixtures/firefox-esr-simulcast-offer.sdp).
    /// </summary>
    internal const string PublishSimulcastScript =
        """
        (() => {
          const addTrack = RTCPeerConnection.prototype.addTrack;
          RTCPeerConnection.prototype.addTrack = function (track, ...streams) {
            if (track.kind !== 'video') return addTrack.call(this, track, ...streams);
            return this.addTransceiver(track, {
              direction: 'sendrecv',
              streams,
              sendEncodings: [
                { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150000 },
                { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500000 },
                { rid: 'f', maxBitrate: 1500000 },
              ],
            }).sender;
          };
        })();
        """;

    /// <summary>
    /// The rids of Firefox's outbound video encodings that have sent anything. Not "sending now": the server pauses the
    /// layers no subscriber wants (dynacast), so with two Chromium tiles of one size only one layer keeps flowing.
    /// </summary>
    private const string SentRidsScript =
        """
        async () => {
          const sent = [];
          (await window.sfuDebug.pc.getStats()).forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video' && s.rid && s.bytesSent > 0) sent.push(s.rid); });
          return sent;
        }
        """;

    [Fact]
    public Task Firefox_and_two_Chromium_pages_see_and_hear_each_other() => MeetAsync("firefox-interop", firefoxSimulcast: false);

    [Fact]
    public Task Firefox_publishing_simulcast_and_two_Chromium_pages_see_and_hear_each_other() =>
        MeetAsync("firefox-simulcast-interop", firefoxSimulcast: true);

    private static async Task MeetAsync(string room, bool firefoxSimulcast)
    {
        await using VethNamespace network = await VethNamespace.CreateAsync();
        int port = FreeTcpPort();
        // HTTP on loopback for Chromium (a secure context there) and on the veth address for Firefox; media only on
        // the veth address, which both browsers reach (Chromium from the host, Firefox through its default route).
        await using ServerHost server = await ServerHost.StartAsync(
            "--urls", $"http://127.0.0.1:{port};http://{network.HostAddress}:{port}",
            $"--Sfu:BindAddress={network.HostAddress}",
            $"--Sfu:AnnouncedAddresses:0={network.HostAddress}");
        await using Chromium chromium = await Chromium.LaunchAsync();
        await using FirefoxBrowser firefox = await FirefoxBrowser.LaunchAsync(network, network.HostAddress);

        FirefoxPage fox = await firefox.NewPageAsync("Fox");
        if (firefoxSimulcast)
        {
            await fox.AddInitScriptAsync(PublishSimulcastScript);
        }

        await global::Tests.Shared.TestMeetings.EnsureAsync(server.BaseAddress, room);
        await fox.GotoAsync(new Uri($"http://{network.HostAddress}:{port}/m/{room}?name=Fox"));
        var chromiumServer = new Uri($"http://127.0.0.1:{port}");
        MeetingPage alice = await MeetingPage.JoinAsync(chromium, chromiumServer, room, "Alice");
        MeetingPage bob = await MeetingPage.JoinAsync(chromium, chromiumServer, room, "Bob");

        await UntilReceivingAsync("Fox", () => fox.EvaluateAsync<string>(InboundMedia.Script));
        await UntilReceivingAsync("Alice", () => alice.Page.EvaluateAsync<string>(InboundMedia.Script));
        await UntilReceivingAsync("Bob", () => bob.Page.EvaluateAsync<string>(InboundMedia.Script));

        if (firefoxSimulcast)
        {
            // The server accepted the three rids and Firefox sent every one of them (outbound-rtp per rid).
            string[] sending = [];
            await PagePolling.UntilAsync(
                async () =>
                {
                    sending = await fox.EvaluateAsync<string[]>(SentRidsScript);
                    return sending.Length == 3;
                },
                MediaTimeout,
                TimeSpan.FromMilliseconds(500));
            Assert.Equal(["f", "h", "q"], sending.Order(StringComparer.Ordinal));
        }

        // Firefox's media really took the veth path: its selected pair's local address is the namespace's.
        string local = await fox.EvaluateAsync<string>(
            """
            async () => {
              const stats = await window.sfuDebug.pc.getStats();
              let address = '';
              stats.forEach(s => {
                if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) address = stats.get(s.localCandidateId)?.address ?? '';
              });
              return address;
            }
            """);
        Assert.Equal(network.NamespaceAddress, local);

        MeetingPage.AssertNoPageErrors(alice, bob);
        Assert.Empty(fox.Errors);
    }

    /// <summary>Polls a page until it decodes two remote videos and receives two remote audio streams.</summary>
    private static async Task UntilReceivingAsync(string name, Func<Task<string>> probe)
    {
        InboundMedia? last = null;
        try
        {
            await PagePolling.UntilAsync(
                async () =>
                {
                    last = JsonSerializer.Deserialize<InboundMedia>(await probe(), JsonSerializerOptions.Web);
                    return last is { Video: >= 2, Audio: >= 2 };
                },
                MediaTimeout,
                TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{name} did not see and hear both others: {last}", ex);
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
