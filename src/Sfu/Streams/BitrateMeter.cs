namespace Sfu.Streams;

/// <summary>
/// The bit rate of one received stream over fixed windows (default 500 ms): what a simulcast layer costs a subscriber,
/// for the stream allocator. A stream that stops (a layer the publisher paused) reads 0 after two empty windows, while
/// <see cref="LastKnownBitsPerSecond"/> remembers what it cost when it flowed, so a paused layer can still be chosen and
/// resumed. Single owner, no allocation. Times are engine ticks (see <see cref="MediaTime"/>).
/// </summary>
public sealed class BitrateMeter(long windowTicks = BitrateMeter.DefaultWindowTicks)
{
    public const long DefaultWindowTicks = 500 * MediaTime.TicksPerMillisecond;

    private readonly long _windowTicks = windowTicks > 0 ? windowTicks : throw new ArgumentOutOfRangeException(nameof(windowTicks));
    private bool _started;
    private long _windowStartTicks;
    private long _windowBytes;
    private long _bitsPerSecond;

    /// <summary>The rate measured over the last complete window (bit/s).</summary>
    public long LastKnownBitsPerSecond { get; private set; }

    /// <summary>Counts one packet of <paramref name="bytes"/> bytes (payload and header as received).</summary>
    public void OnPacket(int bytes, long nowTicks)
    {
        Roll(nowTicks);
        _windowBytes += bytes;
    }

    /// <summary>The rate now: the last complete window's, or 0 when the stream has been silent for over a window.</summary>
    public long BitsPerSecond(long nowTicks)
    {
        Roll(nowTicks);
        return _started && nowTicks - _windowStartTicks < 2 * _windowTicks ? _bitsPerSecond : 0;
    }

    private void Roll(long nowTicks)
    {
        if (!_started)
        {
            _started = true;
            _windowStartTicks = nowTicks;
            return;
        }

        long elapsed = nowTicks - _windowStartTicks;
        if (elapsed < _windowTicks)
        {
            return;
        }

        // A window followed by silence longer than itself says nothing about the rate now: it reads as stopped.
        _bitsPerSecond = elapsed < 2 * _windowTicks ? _windowBytes * 8 * MediaTime.TicksPerSecond / elapsed : 0;
        if (_bitsPerSecond > 0)
        {
            LastKnownBitsPerSecond = _bitsPerSecond;
        }

        _windowBytes = 0;
        _windowStartTicks = nowTicks;
    }
}
