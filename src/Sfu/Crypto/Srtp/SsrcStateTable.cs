namespace Sfu.Crypto.Srtp;

/// <summary>
/// SSRC to state map of one direction and one protocol, with a cap so a peer cannot grow it without bound. An entry
/// is allocated on the first packet of an SSRC (stream start, not per packet) and removed by <see cref="Remove"/> when
/// the stream ends; the last hit is cached because consecutive packets mostly share an SSRC.
/// </summary>
internal sealed class SsrcStateTable
{
    // Most sessions carry a handful of streams; the dictionary grows (at stream start only) up to the cap.
    private const int InitialCapacity = 8;

    private readonly Dictionary<uint, SsrcState> _states;
    private readonly int _capacity;
    private SsrcState? _lastState;
    private uint _lastSsrc;

    public SsrcStateTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _states = new Dictionary<uint, SsrcState>(Math.Min(capacity, InitialCapacity));
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

    /// <summary>Frees the state of a stream that ended; false when the SSRC had none.</summary>
    public bool Remove(uint ssrc)
    {
        if (_lastState is not null && _lastSsrc == ssrc)
        {
            _lastState = null;
        }

        return _states.Remove(ssrc);
    }
}
