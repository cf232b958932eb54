namespace Sfu.Routing;

/// <summary>
/// Picks a room's active speaker from RFC 6464 audio levels (0 = loudest, 127 = silence, in -dBov).
/// Each participant's level is averaged over a sliding interval; the loudest participant above the
/// speech threshold wins, and a new winner must beat the current one by a margin and hold for a
/// minimum time, so the highlight does not flicker between two people talking at once.
/// Room-loop owned; no allocation per packet once a participant is known.
/// </summary>
public sealed class ActiveSpeakerDetector
{
    /// <summary>Levels at or above this (quieter than -60 dBov) count as silence.</summary>
    public const byte SilenceLevel = 60;

    private readonly Dictionary<string, Accumulator> _levels = new(StringComparer.Ordinal);
    private readonly long _intervalTicks;
    private readonly long _holdTicks;
    private readonly double _switchMargin;
    private long _intervalStart = long.MinValue;
    private long _lastSwitch = long.MinValue;

    public ActiveSpeakerDetector(TimeSpan interval, TimeSpan hold, double switchMarginDb = 3)
    {
        _intervalTicks = interval.Ticks;
        _holdTicks = hold.Ticks;
        _switchMargin = switchMarginDb;
    }

    public ActiveSpeakerDetector()
        : this(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1))
    {
    }

    public string? ActiveSpeaker { get; private set; }

    /// <summary>Records one audio packet's level. <paramref name="level"/> is -dBov (0..127).</summary>
    public void OnAudioLevel(string participantId, byte level, bool voiceActivity)
    {
        if (!_levels.TryGetValue(participantId, out Accumulator? accumulator))
        {
            accumulator = new Accumulator();
            _levels.Add(participantId, accumulator);
        }

        // Loudness as a positive number: 127 - level, so silence is 0 and full scale is 127.
        int loudness = level >= SilenceLevel && !voiceActivity ? 0 : 127 - Math.Min(level, (byte)127);
        accumulator.Sum += loudness;
        accumulator.Count++;
    }

    public void Remove(string participantId)
    {
        _levels.Remove(participantId);
        if (ActiveSpeaker == participantId)
        {
            ActiveSpeaker = null;
        }
    }

    /// <summary>Closes the current interval when it is due; returns true when the active speaker changed.</summary>
    public bool Evaluate(long nowTicks)
    {
        if (_intervalStart == long.MinValue)
        {
            _intervalStart = nowTicks;
            return false;
        }

        if (nowTicks - _intervalStart < _intervalTicks)
        {
            return false;
        }

        _intervalStart = nowTicks;
        string? loudest = null;
        double loudestAverage = 127 - SilenceLevel;
        double currentAverage = 0;
        foreach (KeyValuePair<string, Accumulator> entry in _levels)
        {
            double average = entry.Value.Count == 0 ? 0 : (double)entry.Value.Sum / entry.Value.Count;
            entry.Value.Sum = 0;
            entry.Value.Count = 0;
            if (entry.Key == ActiveSpeaker)
            {
                currentAverage = average;
            }

            if (average > loudestAverage)
            {
                loudestAverage = average;
                loudest = entry.Key;
            }
        }

        if (loudest is null || loudest == ActiveSpeaker)
        {
            return false;
        }

        bool holdExpired = _lastSwitch == long.MinValue || nowTicks - _lastSwitch >= _holdTicks;
        if (ActiveSpeaker is not null && (!holdExpired || loudestAverage < currentAverage + _switchMargin))
        {
            return false;
        }

        ActiveSpeaker = loudest;
        _lastSwitch = nowTicks;
        return true;
    }

    private sealed class Accumulator
    {
        public long Sum;
        public int Count;
    }
}
