namespace Sfu.Forwarding;

/// <summary>Why a <see cref="Forwarder"/> did not forward a packet (a label for drop metrics).</summary>
public enum DropReason
{
    /// <summary>Not dropped.</summary>
    None,

    /// <summary>The consumer is paused (muted or unsubscribed).</summary>
    Paused,

    /// <summary>A padding-only packet (no payload); it carries nothing a subscriber needs.</summary>
    Padding,

    /// <summary>Video that cannot be decoded yet: the stream (re)starts only at a keyframe.</summary>
    WaitingForKeyframe,

    /// <summary>Older than the point the current source was (re)started at, so it has no output sequence number.</summary>
    TooOld,

    /// <summary>A late packet of the source the consumer just switched away from.</summary>
    StaleSource,
}
