using Sfu.Client;

namespace LoadGen;

/// <summary>
/// Which simulcast layers the SFU forwarded: every subscriber's video packets, attributed to a layer by the publisher
/// SSRC in their payload (the forwarded header carries one rewritten SSRC whatever the layer).
/// </summary>
internal static class SimulcastLayerMix
{
    /// <summary>Packets received across <paramref name="peers"/> per layer index, low to high.</summary>
    public static long[] Count(IEnumerable<ClientPeer> peers)
    {
        var layerBySsrc = new Dictionary<uint, int>();
        var stats = new List<ClientStats>();
        int layerCount = SimulcastLayer.DefaultRids.Count;
        foreach (ClientPeer peer in peers)
        {
            foreach (SimulcastLayer layer in peer.VideoTrack?.Layers ?? [])
            {
                layerBySsrc[layer.Ssrc] = layer.Index;
                layerCount = Math.Max(layerCount, layer.Index + 1);
            }

            stats.Add(peer.GetStats());
        }

        long[] packets = new long[layerCount];
        foreach (ClientStats peerStats in stats)
        {
            foreach (ReceivedStreamStats stream in peerStats.ReceivedBySsrc.Values)
            {
                foreach ((uint origin, long count) in stream.PacketsByOriginSsrc)
                {
                    if (layerBySsrc.TryGetValue(origin, out int index))
                    {
                        packets[index] += count;
                    }
                }
            }
        }

        return packets;
    }

    /// <summary>
    /// What each subscriber is owed of <paramref name="peer"/>'s packets: all it sent, or with simulcast its audio plus
    /// the full layer's video (the SFU forwards one layer per subscriber: a lower one shows as loss).
    /// </summary>
    public static long OwedToEachSubscriber(ClientPeer peer, ClientStats stats)
    {
        if (peer.VideoTrack?.Layers is not { } layers)
        {
            return stats.PacketsSent;
        }

        long video = 0;
        foreach (SimulcastLayer layer in layers)
        {
            video += stats.SentBySsrc[layer.Ssrc];
        }

        return stats.PacketsSent - video + stats.SentBySsrc[layers[^1].Ssrc];
    }
}
