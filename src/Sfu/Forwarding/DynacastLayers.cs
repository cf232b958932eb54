using Sfu.Streams;

namespace Sfu.Forwarding;

/// <summary>
/// Which simulcast layers of one published track the publisher should send (dynacast): the layers some subscriber
/// forwards or wants. A layer nobody wants costs the publisher's uplink and CPU for nothing, so it is paused, but only
/// after it has been unwanted for <see cref="PauseDelayTicks"/> (a tile resized back and forth, a subscriber leaving and
/// rejoining, must not toggle the encoder). A layer someone wants is resumed at once. Single owner, no allocation.
/// </summary>
public sealed class DynacastLayers
{
    public const long DefaultPauseDelayTicks = 3 * MediaTime.TicksPerSecond;

    private readonly int _layerCount;
    private readonly long[] _unwantedSinceTicks;

    /// <param name="layerCount">The track's layers; every one starts active (browsers send all the offer named).</param>
    /// <param name="pauseDelayTicks">How long a layer stays unwanted before it is paused.</param>
    public DynacastLayers(int layerCount, long pauseDelayTicks = DefaultPauseDelayTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layerCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layerCount, 30);
        ArgumentOutOfRangeException.ThrowIfNegative(pauseDelayTicks);
        _layerCount = layerCount;
        PauseDelayTicks = pauseDelayTicks;
        _unwantedSinceTicks = new long[layerCount];
        Array.Fill(_unwantedSinceTicks, long.MinValue);
        ActiveMask = (1 << layerCount) - 1;
    }

    public long PauseDelayTicks { get; }

    /// <summary>Bit i set: layer i is active at the publisher (as last announced).</summary>
    public int ActiveMask { get; private set; }

    public bool IsActive(int layer) => (ActiveMask & (1 << layer)) != 0;

    /// <summary>
    /// Takes the layers wanted now (bit i = layer i); true when <see cref="ActiveMask"/> changed and the publisher
    /// must be told.
    /// </summary>
    public bool Update(int wantedMask, long nowTicks)
    {
        int active = ActiveMask;
        for (int layer = 0; layer < _layerCount; layer++)
        {
            int bit = 1 << layer;
            if ((wantedMask & bit) != 0)
            {
                _unwantedSinceTicks[layer] = long.MinValue;
                active |= bit;
            }
            else if (_unwantedSinceTicks[layer] == long.MinValue)
            {
                _unwantedSinceTicks[layer] = nowTicks;
            }
            else if (nowTicks - _unwantedSinceTicks[layer] >= PauseDelayTicks)
            {
                active &= ~bit;
            }
        }

        bool changed = active != ActiveMask;
        ActiveMask = active;
        return changed;
    }
}
