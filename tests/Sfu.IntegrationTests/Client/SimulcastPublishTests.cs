using Sfu.Client;
using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Wire.Sdp;

namespace Sfu.IntegrationTests.Client;

/// <summary>
/// Our client stack publishing RID simulcast (<see cref="ClientPeerOptions.PublishSimulcast"/>) against the real engine
/// on loopback: the offer is Chrome's shape, the three layers go out on three SSRCs at distinct rates, and the SFU's
/// layer choice per subscriber shows in which layer's payloads arrive (<see cref="ReceivedStreamStats.PacketsByOriginSsrc"/>):
/// a subscriber policed to 300 kbit/s gets the low layer while an open one gets the high one, lifting the police
/// brings the high layer back, and a small tile in videoPreferences asks for the low layer.
/// </summary>
public sealed class SimulcastPublishTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public void The_offer_announces_three_rids_and_the_rid_extensions_like_chrome()
    {
        using var client = new ClientPeer(new ClientPeerOptions { ParticipantId = "p1", PublishSimulcast = true });
        Assert.True(SessionDescription.TryParse(client.CreateOffer(), out SessionDescription? offer, out string? error), error);

        MediaDescription video = offer!.Media.Single(m => m.Kind == "video");
        Assert.Equal(["q", "h", "f"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, rid => Assert.Equal(SdpRidDirection.Send, rid.Direction));
        Assert.Equal("send q;h;f", video.Simulcast!.ToString());
        Assert.Contains(new SdpExtmap(ClientMediaFormats.MidExtensionId, null, SdpExtensionUris.Mid, null), video.Extmaps);
        Assert.Contains(new SdpExtmap(ClientMediaFormats.RtpStreamIdExtensionId, null, SdpExtensionUris.RtpStreamId, null), video.Extmaps);
        Assert.Contains(new SdpExtmap(ClientMediaFormats.RepairedRtpStreamIdExtensionId, null, SdpExtensionUris.RepairedRtpStreamId, null), video.Extmaps);
        Assert.Empty(video.Ssrcs);
        Assert.Equal(new SdpMsid("p1", "p1-video"), Assert.Single(video.Msids));
        Assert.Equal(3, client.VideoTrack!.Layers!.Select(l => l.Ssrc).Distinct().Count());

        MediaDescription audio = offer.Media.Single(m => m.Kind == "audio");
        Assert.Empty(audio.Rids);
        Assert.Null(audio.Simulcast);
    }

    [Fact]
    public void The_receive_counter_follows_a_layer_switch_and_still_catches_a_skipped_counter()
    {
        var counter = new ReceiveStreamCounter(1);
        byte[] payload = new byte[60];
        void Deliver(ushort sequence, uint origin, uint payloadCounter)
        {
            int header = Vp8PayloadHeader.Write(payload, startOfFrame: true, keyframe: false);
            SyntheticPayload.Write(payload.AsSpan(header), origin, payloadCounter);
            counter.OnPacket(sequence, payload, MediaKind.Video);
        }

        for (ushort i = 0; i < 5; i++)
        {
            Deliver(i, 11, 100u + i); // the low layer
        }

        for (ushort i = 5; i < 8; i++)
        {
            Deliver(i, 33, 7000u + i); // the SFU switched to the high layer: new origin, own counter, same sequence space
        }

        Deliver(8, 33, 9999); // not the packet that follows on this layer
        Assert.Equal((1L, 0L, 1L), (counter.OriginSwitches, counter.Lost, counter.PayloadErrors));
        Assert.Equal(5, counter.PacketsByOrigin[11]);
        Assert.Equal(3, counter.PacketsByOrigin[33]);
        Assert.Equal(33u, counter.OriginSsrc);
    }

    [Fact]
    public async Task A_policed_subscriber_gets_the_low_layer_while_an_open_one_gets_the_high_one_until_the_police_is_lifted()
    {
        using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0 });
        using var publisher = new ClientPeer(new ClientPeerOptions { ParticipantId = "alice", PublishSimulcast = true });
        using var throttled = new ClientPeer(new ClientPeerOptions { ParticipantId = "bob", PublishAudio = false, PublishVideo = false, SendTransportCcFeedback = true });
        using var open = new ClientPeer(new ClientPeerOptions { ParticipantId = "carol", PublishAudio = false, PublishVideo = false, SendTransportCcFeedback = true });
        using EngineSignaling alice = await EngineSignaling.JoinAsync(engine, "room", publisher);
        await publisher.ConnectAsync(Timeout);
        using EngineSignaling bob = await EngineSignaling.JoinAsync(engine, "room", throttled);
        using EngineSignaling carol = await EngineSignaling.JoinAsync(engine, "room", open);
        Assert.True(await ClientTestWait.UntilAsync(() => bob.NegotiatedRemoteTracks == 2 && carol.NegotiatedRemoteTracks == 2, Timeout), "the subscribers never got alice's tracks");
        await throttled.ConnectAsync(Timeout);
        await open.ConnectAsync(Timeout);
        throttled.SetReceiveRateLimit(300_000);

        using var stop = new CancellationTokenSource();
        Task sending = publisher.SendMediaAsync(new MediaSendPlan(AudioPackets: 50 * 120, VideoPackets: 100 * 120), stop.Token);
        try
        {
            IReadOnlyList<SimulcastLayer> layers = publisher.VideoTrack!.Layers!;
            await UntilLayersAsync(publisher, (throttled, 0), (open, 2), TimeSpan.FromSeconds(30));

            // Settled on the low layer, the policed link has room for all of alice's audio.
            long audioLostBefore = AudioOf(throttled, publisher).Lost;
            long audioBefore = AudioOf(throttled, publisher).Packets;
            await Task.Delay(TimeSpan.FromSeconds(3));
            ReceivedStreamStats audio = AudioOf(throttled, publisher);
            Assert.True(audio.Packets - audioBefore >= 50, $"only {audio.Packets - audioBefore} audio packets in 3 s");
            Assert.True(audio.Lost - audioLostBefore <= 5, $"audio lost {audio.Lost - audioLostBefore} packets on the low layer");
            Assert.Equal(0, AudioOf(open, publisher).PayloadErrors + VideoOf(open, publisher).PayloadErrors);

            // The high layer is back within 10 s: the estimate climbs from ~300 kbit/s by probing (doubling at most once a
            // second), the up-switch waits out the 4 s hold after the last down-switch, then the high layer's keyframe.
            throttled.SetReceiveRateLimit(0);
            await UntilLayersAsync(publisher, (throttled, 2), (open, 2), TimeSpan.FromSeconds(10));
            Assert.True(VideoOf(throttled, publisher).OriginSwitches >= 2, "bob's video never switched layers");
            Assert.Equal(0, VideoOf(throttled, publisher).PayloadErrors);
            Assert.All(layers, layer => Assert.True(publisher.GetStats().SentBySsrc[layer.Ssrc] > 0));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task A_small_tile_in_video_preferences_gets_the_low_layer()
    {
        using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0 });
        using var publisher = new ClientPeer(new ClientPeerOptions { ParticipantId = "alice", PublishSimulcast = true });
        using var viewer = new ClientPeer(new ClientPeerOptions { ParticipantId = "bob", PublishAudio = false, PublishVideo = false, SendTransportCcFeedback = true });
        using EngineSignaling alice = await EngineSignaling.JoinAsync(engine, "room", publisher);
        await publisher.ConnectAsync(Timeout);
        using EngineSignaling bob = await EngineSignaling.JoinAsync(engine, "room", viewer);
        Assert.True(await ClientTestWait.UntilAsync(() => bob.NegotiatedRemoteTracks == 2, Timeout), "bob never got alice's tracks");
        await viewer.ConnectAsync(Timeout);

        using var stop = new CancellationTokenSource();
        Task sending = publisher.SendMediaAsync(new MediaSendPlan(AudioPackets: 50 * 90, VideoPackets: 100 * 90), stop.Token);
        try
        {
            await UntilLayersAsync(publisher, (viewer, 2), (viewer, 2), TimeSpan.FromSeconds(30));
            RemoteTrack video = viewer.ReceivingTracks.Single(t => t.Kind == MediaKind.Video);
            bob.Session.SetVideoPreferences([new VideoPreference(video.TrackId, 160, 90, Visible: true, Pinned: false)]);
            await UntilLayersAsync(publisher, (viewer, 0), (viewer, 0), TimeSpan.FromSeconds(15));

            bob.Session.SetVideoPreferences([new VideoPreference(video.TrackId, 1280, 720, Visible: true, Pinned: false)]);
            await UntilLayersAsync(publisher, (viewer, 2), (viewer, 2), TimeSpan.FromSeconds(15));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    /// <summary>
    /// Polls until each subscriber's video from <paramref name="publisher"/> carries only the expected layer over one
    /// second (payload origin SSRC = that layer's SSRC); fails with the layer mix last seen.
    /// </summary>
    private static async Task UntilLayersAsync(ClientPeer publisher, (ClientPeer Peer, int Layer) first, (ClientPeer Peer, int Layer) second, TimeSpan within)
    {
        DateTime deadline = DateTime.UtcNow + within;
        string seen = "nothing";
        while (DateTime.UtcNow < deadline)
        {
            Dictionary<uint, long> firstBefore = OriginCounts(first.Peer, publisher);
            Dictionary<uint, long> secondBefore = OriginCounts(second.Peer, publisher);
            await Task.Delay(TimeSpan.FromSeconds(1));
            int[] firstMix = LayerMix(publisher, firstBefore, OriginCounts(first.Peer, publisher));
            int[] secondMix = LayerMix(publisher, secondBefore, OriginCounts(second.Peer, publisher));
            seen = $"{first.Peer.ParticipantId} [{string.Join(',', firstMix)}], {second.Peer.ParticipantId} [{string.Join(',', secondMix)}]";
            if (OnlyLayer(firstMix, first.Layer) && OnlyLayer(secondMix, second.Layer))
            {
                return;
            }
        }

        Assert.Fail($"expected {first.Peer.ParticipantId} on layer {first.Layer} and {second.Peer.ParticipantId} on layer {second.Layer} within {within}; packets per layer over the last second: {seen}");
    }

    private static bool OnlyLayer(int[] mix, int layer) => mix[layer] > 0 && mix.Sum() == mix[layer];

    private static int[] LayerMix(ClientPeer publisher, Dictionary<uint, long> before, Dictionary<uint, long> after)
    {
        IReadOnlyList<SimulcastLayer> layers = publisher.VideoTrack!.Layers!;
        int[] mix = new int[layers.Count];
        foreach (SimulcastLayer layer in layers)
        {
            mix[layer.Index] = (int)(after.GetValueOrDefault(layer.Ssrc) - before.GetValueOrDefault(layer.Ssrc));
        }

        return mix;
    }

    private static Dictionary<uint, long> OriginCounts(ClientPeer subscriber, ClientPeer publisher) =>
        VideoOrNull(subscriber, publisher) is { } video ? new Dictionary<uint, long>(video.PacketsByOriginSsrc) : [];

    private static ReceivedStreamStats? VideoOrNull(ClientPeer subscriber, ClientPeer publisher) =>
        subscriber.GetStats().ReceivedBySsrc.Values.FirstOrDefault(s => s.Kind == MediaKind.Video && s.SourceParticipantId == publisher.ParticipantId);

    private static ReceivedStreamStats VideoOf(ClientPeer subscriber, ClientPeer publisher) =>
        VideoOrNull(subscriber, publisher) ?? throw new InvalidOperationException($"{subscriber.ParticipantId} received no video of {publisher.ParticipantId}");

    private static ReceivedStreamStats AudioOf(ClientPeer subscriber, ClientPeer publisher) =>
        subscriber.GetStats().ReceivedBySsrc.Values.Single(s => s.Kind == MediaKind.Audio && s.SourceParticipantId == publisher.ParticipantId);
}
