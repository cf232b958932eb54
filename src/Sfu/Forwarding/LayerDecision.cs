namespace Sfu.Forwarding;

/// <summary>
/// What a <see cref="LayerSelector"/> says about one simulcast packet for one consumer: pass it on to the
/// <see cref="Forwarder"/> (possibly as the first packet of a newly switched-to layer), or skip it, and whether the
/// consumer should ask the publisher for a keyframe of the target layer. A value, tested without sockets.
/// </summary>
public readonly record struct LayerDecision(bool Pass, bool Switched, bool RequestKeyframe, int SwitchedFrom)
{
    /// <summary>Not this consumer's layer: skipped quietly (every subscriber skips most layers; nothing went wrong).</summary>
    public static LayerDecision Skip => new(false, false, false, -1);

    /// <summary>The wanted layer, but not at a keyframe: skipped until one comes, and one is asked for.</summary>
    public static LayerDecision AwaitKeyframe => new(false, false, true, -1);

    /// <summary>The layer being forwarded.</summary>
    public static LayerDecision Continue => new(true, false, false, -1);

    /// <summary>A keyframe of the wanted layer: forwarding moves to it with this packet.</summary>
    public static LayerDecision SwitchFrom(int previousLayer) => new(true, true, false, previousLayer);
}
