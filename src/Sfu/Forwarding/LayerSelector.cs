namespace Sfu.Forwarding;

/// <summary>
/// Which simulcast layer one consumer forwards. The consumer forwards exactly one layer (the current one); the allocator
/// sets a target, and forwarding moves to the target only at a keyframe of the target layer, because a decoder cannot
/// start a different encoding mid-stream. Until then the current layer keeps flowing, so a switch never freezes the
/// picture. The <see cref="Forwarder"/> behind it sees a source (SSRC) change at the switch and re-bases sequence numbers
/// and timestamps so the subscriber sees one continuous stream.
/// </summary>
/// <remarks>Single owner (the room loop), no allocation. Layers are the producer's encoding indexes.</remarks>
public sealed class LayerSelector
{
    /// <summary>No layer: nothing forwarded yet, or the consumer is paused by the allocator.</summary>
    public const int None = -1;

    /// <summary>The layer being forwarded; <see cref="None"/> before the first keyframe.</summary>
    public int CurrentLayer { get; private set; } = None;

    /// <summary>The layer the allocator wants; <see cref="None"/> forwards nothing.</summary>
    public int TargetLayer { get; private set; }

    /// <summary>Whether a switch is pending (the target differs from what flows).</summary>
    public bool IsSwitching => TargetLayer != None && TargetLayer != CurrentLayer;

    /// <summary>Sets the wanted layer; the switch happens at that layer's next keyframe.</summary>
    public void SetTarget(int layer)
    {
        TargetLayer = layer;
        if (layer == None)
        {
            // Paused: the next start, at whatever layer, begins at a keyframe of that layer.
            CurrentLayer = None;
        }
    }

    /// <summary>Decides for one packet of <paramref name="layer"/>.</summary>
    public LayerDecision Select(int layer, bool isKeyframe)
    {
        if (TargetLayer == None)
        {
            return LayerDecision.Skip;
        }

        if (layer == CurrentLayer)
        {
            return LayerDecision.Continue;
        }

        if (layer != TargetLayer)
        {
            return LayerDecision.Skip;
        }

        if (!isKeyframe)
        {
            return LayerDecision.AwaitKeyframe;
        }

        int previous = CurrentLayer;
        CurrentLayer = layer;
        return LayerDecision.SwitchFrom(previous);
    }
}
