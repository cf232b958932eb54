using Sfu.Client;
using Sfu.IntegrationTests.Client;
using Sfu.IntegrationTests.Meetings;
using Sfu.IntegrationTests.Resilience;

namespace Sfu.IntegrationTests.Operations;

/// <summary>
/// The real server with two of our client peers in one room, joined over /ws and sending audio and video to each
/// other until disposed: a live session for the metrics tests to scrape.
/// </summary>
internal sealed class LiveSession : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ServerHost _server;
    private readonly ClientPeer _alicePeer;
    private readonly ClientPeer _bobPeer;
    private readonly WsParticipant _alice;
    private readonly WsParticipant _bob;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sending;

    private LiveSession(ServerHost server, HttpClient http, ClientPeer alicePeer, ClientPeer bobPeer, WsParticipant alice, WsParticipant bob, SyntheticMediaOptions media)
    {
        _server = server;
        Http = http;
        _alicePeer = alicePeer;
        _bobPeer = bobPeer;
        _alice = alice;
        _bob = bob;
        var plan = MediaSendPlan.ForDuration(TimeSpan.FromMinutes(3), media);
        _sending = Task.WhenAll(alicePeer.SendMediaAsync(plan, _stop.Token), bobPeer.SendMediaAsync(plan, _stop.Token));
    }

    public HttpClient Http { get; }

    public Uri BaseAddress => _server.BaseAddress;

    public long PacketsReceived => _alicePeer.PacketsReceived + _bobPeer.PacketsReceived;

    public static async Task<LiveSession> StartAsync(string room, params string[] settings)
    {
        ServerHost server = await ServerHost.StartAsync(settings);
        var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var media = new SyntheticMediaOptions { AudioPacketsPerSecond = 50, VideoPacketsPerSecond = 60, VideoPacketsPerFrame = 2 };
        var alicePeer = new ClientPeer(new ClientPeerOptions { ParticipantId = "alice", Media = media });
        var bobPeer = new ClientPeer(new ClientPeerOptions { ParticipantId = "bob", Media = media });
        WsParticipant alice = await WsParticipant.JoinAsync(http, room, "Alice", alicePeer);
        Assert.True(await ClientTestWait.UntilAsync(() => alice.IsSettled, Timeout), "alice's offer was never answered: " + string.Join("; ", alice.Errors));
        await alicePeer.ConnectAsync(Timeout);
        WsParticipant bob = await WsParticipant.JoinAsync(http, room, "Bob", bobPeer);
        Assert.True(await ClientTestWait.UntilAsync(() => bob.IsSettled, Timeout), "bob's offer was never answered: " + string.Join("; ", bob.Errors));
        await bobPeer.ConnectAsync(Timeout);
        Assert.True(
            await ClientTestWait.UntilAsync(() => alicePeer.ReceivingTracks.Count == 2 && bobPeer.ReceivingTracks.Count == 2 && alicePeer.IsServerConfirmed && bobPeer.IsServerConfirmed, Timeout),
            "alice and bob never received each other's tracks");
        var session = new LiveSession(server, http, alicePeer, bobPeer, alice, bob, media);
        Assert.True(await ClientTestWait.UntilAsync(() => session.PacketsReceived > 100, Timeout), "no media flowed between alice and bob");
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sending;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        _alicePeer.Dispose();
        _bobPeer.Dispose();
        Http.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }
}
