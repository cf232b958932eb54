using System.Diagnostics;
using Sfu.Ice;

namespace Sfu.Tests.Ice;

public class ConsentFreshnessTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;

    [Fact]
    public void NewState_ExpiresThirtySecondsAfterStartWithoutChecks()
    {
        var consent = new ConsentFreshness(startTicks: 1000);

        Assert.False(consent.HasReceivedRequest);
        Assert.False(consent.IsExpired(1000 + (29 * Second)));
        Assert.True(consent.IsExpired(1000 + (30 * Second)));
    }

    [Fact]
    public void ChecksEveryFiveSeconds_KeepConsentAlive()
    {
        var consent = new ConsentFreshness(0);
        for (long t = 0; t <= 120 * Second; t += 5 * Second)
        {
            consent.Refresh(t);
            Assert.False(consent.IsExpired(t + (4 * Second)));
        }

        Assert.True(consent.HasReceivedRequest);
        Assert.Equal(120 * Second, consent.LastConsentTicks);
        Assert.False(consent.IsExpired((120 + 29) * Second));
        Assert.True(consent.IsExpired((120 + 30) * Second));
    }

    [Fact]
    public void Refresh_WithAnOlderTimestamp_DoesNotMoveConsentBack()
    {
        var consent = new ConsentFreshness(0);
        consent.Refresh(20 * Second);

        consent.Refresh(10 * Second);

        Assert.Equal(20 * Second, consent.LastConsentTicks);
        Assert.False(consent.IsExpired(45 * Second));
    }

    [Fact]
    public void CustomTimeoutAndStopwatchFrequency_AreHonoured()
    {
        long frequency = Stopwatch.Frequency;
        var consent = new ConsentFreshness(0, TimeSpan.FromSeconds(10), frequency);
        consent.Refresh(frequency);

        Assert.Equal(TimeSpan.FromSeconds(10), consent.Timeout);
        Assert.False(consent.IsExpired(frequency * 10));
        Assert.True(consent.IsExpired(frequency * 11));
    }

    [Fact]
    public void Constructor_RejectsNonPositiveValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsentFreshness(0, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsentFreshness(0, null, 0));
    }
}
