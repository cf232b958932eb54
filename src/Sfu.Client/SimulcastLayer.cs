namespace Sfu.Client;

/// <summary>
/// One RID simulcast layer of the camera (RFC 8853): its rid, its own SSRC, and how many of the plan's video packet
/// slots it skips between packets, so the layers run at distinct rates as a browser's low/half/full encodings do.
/// </summary>
/// <param name="Rid">The RtpStreamId written into every packet (RFC 8852) and offered in a=rid.</param>
/// <param name="Index">0 for the lowest layer; also the order of a=simulcast.</param>
/// <param name="Ssrc">The layer's own SSRC; never announced in SDP, the server learns it from the rid extension.</param>
/// <param name="SlotDivisor">The layer sends on every n-th video slot: its rate is the video rate / n.</param>
public sealed record SimulcastLayer(string Rid, int Index, uint Ssrc, int SlotDivisor)
{
    /// <summary>Chrome's rids for the quarter, half and full resolution encodings, low to high.</summary>
    public static IReadOnlyList<string> DefaultRids { get; } = ["q", "h", "f"];

    /// <summary>
    /// Slot divisors of q, h and f: with 1000-byte packets at 100/s about 90, 400 and 800 kbit/s, Chrome's ratios for
    /// 320, 640 and 1280 px wide layers. The middle layer stays clear of a ~300 kbit/s link, so a subscriber policed there
    /// has exactly one layer that fits (with 270 kbit/s the middle layer plus audio sat on the limit and flapped).
    /// </summary>
    public static IReadOnlyList<int> DefaultSlotDivisors { get; } = [9, 2, 1];
}
