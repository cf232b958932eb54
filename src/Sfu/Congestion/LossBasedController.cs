namespace Sfu.Congestion;

/// <summary>
/// The loss-based controller of Google Congestion Control (draft-ietf-rmcat-gcc-02 section 6): with more than 10 %
/// of packets lost the rate drops by half the loss fraction (at most once per round trip plus 300 ms, the time the
/// drop needs to show), below 2 % it grows by 8 % a second, and in between it holds. The loss fraction is measured
/// over at least <see cref="MinPacketsPerUpdate"/> reported packets so one short feedback message does not swing it.
/// Times in microseconds; rates in bit/s.
/// </summary>
public sealed class LossBasedController(long minBitrate, long maxBitrate, long startBitrate)
{
    public const double HighLoss = 0.10;
    public const double LowLoss = 0.02;
    public const int MinPacketsPerUpdate = 20;
    private const double IncreasePerSecond = 1.08;
    private const long DecreaseIntervalExtraMicros = 300_000;
    private const long MaxUpdateGapMicros = 1_000_000;

    private long _received;
    private long _lost;
    private long _lastUpdateMicros = long.MinValue;
    private long _lastDecreaseMicros = long.MinValue;

    public long Bitrate { get; private set; } = Math.Clamp(startBitrate, minBitrate, maxBitrate);

    /// <summary>The loss fraction of the last update, 0-1.</summary>
    public double LastLossFraction { get; private set; }

    public long RoundTripMicros { get; set; } = 200_000;

    /// <summary>Adds the outcome of one feedback message and returns the loss-based limit.</summary>
    public long OnFeedback(int received, int lost, long nowMicros)
    {
        _received += Math.Max(0, received);
        _lost += Math.Max(0, lost);
        long total = _received + _lost;
        if (total < MinPacketsPerUpdate)
        {
            return Bitrate;
        }

        double loss = (double)_lost / total;
        _received = 0;
        _lost = 0;
        LastLossFraction = loss;
        long elapsed = _lastUpdateMicros == long.MinValue ? 0 : Math.Clamp(nowMicros - _lastUpdateMicros, 0, MaxUpdateGapMicros);
        _lastUpdateMicros = nowMicros;
        if (loss < LowLoss)
        {
            double grown = Bitrate * Math.Pow(IncreasePerSecond, elapsed / 1e6);
            Bitrate = Math.Clamp((long)grown + (elapsed / 1000), minBitrate, maxBitrate);
        }
        else if (loss > HighLoss
            && (_lastDecreaseMicros == long.MinValue || nowMicros - _lastDecreaseMicros >= RoundTripMicros + DecreaseIntervalExtraMicros))
        {
            Bitrate = Math.Clamp((long)(Bitrate * (1 - (0.5 * loss))), minBitrate, maxBitrate);
            _lastDecreaseMicros = nowMicros;
        }

        return Bitrate;
    }

    /// <summary>A probe got through without loss: the loss-based limit need not stay below it.</summary>
    public void RaiseTo(long bitrate)
    {
        if (bitrate > Bitrate)
        {
            Bitrate = Math.Clamp(bitrate, minBitrate, maxBitrate);
        }
    }
}
