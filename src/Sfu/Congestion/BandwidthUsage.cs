namespace Sfu.Congestion;

/// <summary>What the delay-based overuse detector concludes (draft-ietf-rmcat-gcc-02 section 5.4).</summary>
public enum BandwidthUsage
{
    /// <summary>Queuing delay is stable: the link carries what is sent.</summary>
    Normal,

    /// <summary>Queuing delay grows: more is sent than the link carries.</summary>
    Overusing,

    /// <summary>Queuing delay shrinks: a queue drains.</summary>
    Underusing,
}
