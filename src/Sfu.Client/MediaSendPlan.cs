namespace Sfu.Client;

/// <summary>How many packets <see cref="ClientPeer.SendMediaAsync"/> sends of each kind, paced at the configured rates.</summary>
public sealed record MediaSendPlan(int AudioPackets, int VideoPackets)
{
    /// <summary>The packets the configured rates produce in <paramref name="duration"/>.</summary>
    public static MediaSendPlan ForDuration(TimeSpan duration, SyntheticMediaOptions media)
    {
        ArgumentNullException.ThrowIfNull(media);
        return new MediaSendPlan(
            (int)Math.Round(duration.TotalSeconds * media.AudioPacketsPerSecond),
            (int)Math.Round(duration.TotalSeconds * media.VideoPacketsPerSecond));
    }
}
