namespace Sfu.Forwarding;

/// <summary>Extra facts a <see cref="ForwardDecision"/> carries to the caller.</summary>
[Flags]
public enum ForwardFlags
{
    /// <summary>Nothing to add.</summary>
    None = 0,

    /// <summary>The forwarded packet starts a keyframe.</summary>
    IsKeyframe = 1,

    /// <summary>The caller should ask the publisher for a keyframe (through its <see cref="KeyframeRequestThrottle"/>).</summary>
    RequestKeyframe = 2,

    /// <summary>
    /// This packet is the first after a change of source SSRC or a resume: the outgoing sequence number and
    /// timestamp were re-based to continue the previous output.
    /// </summary>
    SwitchedSource = 4,
}
