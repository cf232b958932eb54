using Sfu.Diagnostics;

namespace Sfu.Forwarding;

/// <summary>
/// What to do with one incoming packet for one consumer: drop it (and why), or forward it with the
/// rewritten sequence number, timestamp and SSRC. A value, so decisions can be tested without sockets.
/// </summary>
public readonly struct ForwardDecision
{
    private ForwardDecision(bool forward, DropReason reason, ushort sequenceNumber, uint timestamp, uint ssrc, ForwardFlags flags)
    {
        ShouldForward = forward;
        DropReason = reason;
        NewSequenceNumber = sequenceNumber;
        NewTimestamp = timestamp;
        NewSsrc = ssrc;
        Flags = flags;
    }

    /// <summary>Whether to forward the packet.</summary>
    public bool ShouldForward { get; }

    /// <summary>Why the packet is dropped (the reason it is counted under); <see cref="DropReason.None"/> when forwarded.</summary>
    public DropReason DropReason { get; }

    /// <summary>The sequence number to write into the forwarded packet.</summary>
    public ushort NewSequenceNumber { get; }

    /// <summary>The RTP timestamp to write into the forwarded packet.</summary>
    public uint NewTimestamp { get; }

    /// <summary>The SSRC to write into the forwarded packet.</summary>
    public uint NewSsrc { get; }

    /// <summary>Extra facts for the caller.</summary>
    public ForwardFlags Flags { get; }

    /// <summary>The forwarded packet starts a keyframe.</summary>
    public bool IsKeyframe => (Flags & ForwardFlags.IsKeyframe) != 0;

    /// <summary>The caller should ask the publisher for a keyframe.</summary>
    public bool RequestKeyframe => (Flags & ForwardFlags.RequestKeyframe) != 0;

    /// <summary>The output was re-based onto a new source (or after a resume) with this packet.</summary>
    public bool SwitchedSource => (Flags & ForwardFlags.SwitchedSource) != 0;

    /// <summary>A decision to forward with rewritten header fields.</summary>
    public static ForwardDecision Forward(ushort sequenceNumber, uint timestamp, uint ssrc, ForwardFlags flags = ForwardFlags.None) =>
        new(true, DropReason.None, sequenceNumber, timestamp, ssrc, flags);

    /// <summary>A decision to drop.</summary>
    public static ForwardDecision Drop(DropReason reason, ForwardFlags flags = ForwardFlags.None) =>
        new(false, reason, 0, 0, 0, flags);
}
