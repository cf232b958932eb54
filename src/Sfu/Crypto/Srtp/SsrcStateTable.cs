namespace Sfu.Crypto.Srtp;

/// <summary>Per-SSRC cryptographic state of one direction and one protocol (SRTP or SRTCP).</summary>
internal sealed class SsrcState
{
    /// <summary>Highest index and (inbound) the replay bitmap. Outbound SRTP uses only the highest index.</summary>
    public SrtpReplayWindow Window;

    /// <summary>Outbound SRTCP: the index the next packet gets (RFC 3711 section 3.4, starts at 0).</summary>
    public uint NextSrtcpIndex;
}

/// <summary>
/// SSRC to state map with a fixed cap, so a peer cannot grow it without bound. Entries allocate once, on
/// the first packet of an SSRC; the last hit is cached because consecutive packets mostly share an SSRC.
/// </summary>
internal sealed class SsrcStateTable
{
    private readonly Dictionary<uint, SsrcState> _states;
    private readonly int _capacity;
    private SsrcState? _lastState;
    private uint _lastSsrc;

    public SsrcStateTable(int capacity)
    {
        _capacity = capacity;
        _states = new Dictionary<uint, SsrcState>(capacity);
    }

    public int Count => _states.Count;

    public bool IsFull => _states.Count >= _capacity;

    public SsrcState? Find(uint ssrc)
    {
        if (_lastState is not null && _lastSsrc == ssrc)
        {
            return _lastState;
        }

        if (!_states.TryGetValue(ssrc, out SsrcState? state))
        {
            return null;
        }

        _lastSsrc = ssrc;
        _lastState = state;
        return state;
    }

    /// <summary>Adds a fresh state, or returns null when the cap is reached.</summary>
    public SsrcState? TryAdd(uint ssrc)
    {
        if (IsFull)
        {
            return null;
        }

        var state = new SsrcState();
        _states.Add(ssrc, state);
        _lastSsrc = ssrc;
        _lastState = state;
        return state;
    }
}
