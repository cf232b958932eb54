using Sfu.Client;

namespace Sfu.IntegrationTests.Client;

/// <summary>What a receiver got of another client's published tracks, matched by the publisher's own SSRC in the payload.</summary>
internal static class ReceivedTracks
{
    /// <summary>Packets of <paramref name="track"/> in <paramref name="stats"/>, over every SSRC the server used for it.</summary>
    public static long PacketsOf(ClientStats stats, LocalTrack track)
    {
        long packets = 0;
        foreach (ReceivedStreamStats stream in stats.ReceivedBySsrc.Values)
        {
            if (stream.OriginSsrc == track.Ssrc)
            {
                packets += stream.Packets;
            }
        }

        return packets;
    }

    /// <summary>The fewest packets received of any track <paramref name="publisher"/> publishes.</summary>
    public static long FewestOfAnyTrack(ClientStats stats, ClientPeer publisher)
    {
        long fewest = long.MaxValue;
        foreach (LocalTrack track in publisher.PublishedTracks)
        {
            fewest = Math.Min(fewest, PacketsOf(stats, track));
        }

        return fewest;
    }
}
