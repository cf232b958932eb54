namespace Sfu.Crypto.Srtp;

/// <summary>
/// The receiver's replay list (RFC 3711 section 3.3.2) as a sliding 64-packet bitmap behind the highest
/// authenticated index. Check before authenticating, accept only after the tag verified.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    // Bit n is set when index (Highest - n) was accepted.
    private ulong _seen;

    /// <summary>The highest index accepted so far.</summary>
    public ulong Highest { get; private set; }

    /// <summary>Starts the window at the first authenticated index of a stream.</summary>
    public void Reset(ulong index)
    {
        Highest = index;
        _seen = 1;
    }

    public readonly SrtpStatus Check(ulong index)
    {
        if (index > Highest)
        {
            return SrtpStatus.Ok;
        }

        ulong behind = Highest - index;
        if (behind >= Size)
        {
            return SrtpStatus.ReplayTooOld;
        }

        return ((_seen >> (int)behind) & 1) != 0 ? SrtpStatus.ReplayDuplicate : SrtpStatus.Ok;
    }

    public void Accept(ulong index)
    {
        if (index > Highest)
        {
            ulong ahead = index - Highest;
            _seen = ahead >= Size ? 1 : (_seen << (int)ahead) | 1;
            Highest = index;
            return;
        }

        ulong behind = Highest - index;
        if (behind < Size)
        {
            _seen |= 1UL << (int)behind;
        }
    }
}
