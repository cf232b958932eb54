using Sfu.Client;

namespace LoadGen.Janus;

/// <summary>
/// <c>--target janus --probe</c>: one publisher and one subscriber through Janus's VideoRoom with our client stack,
/// to check that signaling, ICE and DTLS work against this Janus before a load run.
/// </summary>
internal static class JanusProbe
{
    public static async Task<int> RunAsync(Uri server, string bindAddress, TextWriter? trace, TextWriter output, CancellationToken cancellationToken)
    {
        var media = new SyntheticMediaOptions();
        using var publisher = new ClientPeer(new ClientPeerOptions { ParticipantId = "lg-pub", BindAddress = bindAddress, PublishAudio = true, PublishVideo = true, Media = media });
        using var subscriber = new ClientPeer(new ClientPeerOptions { ParticipantId = "lg-sub", BindAddress = bindAddress, Media = media });
        await using JanusWebSocket connection = await JanusWebSocket.ConnectAsync(server, cancellationToken, trace);
        var videoRoom = new JanusVideoRoom(connection.Session);
        long control = await connection.Session.AttachAsync(cancellationToken);
        long room = Random.Shared.NextInt64(1, 1L << 40);
        await videoRoom.CreateRoomAsync(control, room, 100, cancellationToken);
        long feed = await JanusParticipant.PublishAsync(videoRoom, room, publisher, cancellationToken);
        output.WriteLine($"published feed {feed} in room {room}; connecting");
        await publisher.ConnectAsync(TimeSpan.FromSeconds(20), cancellationToken);
        output.WriteLine("publisher connected (ICE + DTLS)");
        await Task.Delay(500, cancellationToken);
        await JanusParticipant.SubscribeAsync(videoRoom, room, [feed], subscriber, cancellationToken);

        // A second publisher joining later makes Janus tell the first one with a "publishers" event.
        using var second = new ClientPeer(new ClientPeerOptions { ParticipantId = "lg-pub2", BindAddress = bindAddress, PublishAudio = true, PublishVideo = false, Media = media });
        await JanusParticipant.PublishAsync(videoRoom, room, second, cancellationToken);
        await second.ConnectAsync(TimeSpan.FromSeconds(20), cancellationToken);
        await subscriber.ConnectAsync(TimeSpan.FromSeconds(20), cancellationToken);
        output.WriteLine($"subscriber connected; {subscriber.ReceivingTracks.Count} tracks");
        await publisher.SendMediaAsync(MediaSendPlan.ForDuration(TimeSpan.FromSeconds(3), media), cancellationToken);
        await Task.Delay(500, cancellationToken);
        output.WriteLine($"subscriber received {subscriber.PacketsReceived} packets; errors [{string.Join(" | ", connection.Session.Errors)}]");
        return subscriber.PacketsReceived > 0 ? 0 : 1;
    }
}
