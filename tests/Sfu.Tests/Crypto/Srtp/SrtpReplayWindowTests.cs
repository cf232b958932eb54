using Sfu.Crypto.Srtp;

namespace Sfu.Tests.Crypto.Srtp;

public class SrtpReplayWindowTests
{
    [Fact]
    public void NewerIndexesPassAndRepeatsAreDuplicates()
    {
        var window = default(SrtpReplayWindow);
        window.Reset(1000);

        Assert.Equal(SrtpStatus.ReplayDuplicate, window.Check(1000));
        Assert.Equal(SrtpStatus.Ok, window.Check(1001));
        window.Accept(1001);
        Assert.Equal(SrtpStatus.ReplayDuplicate, window.Check(1001));
        Assert.Equal(1001UL, window.Highest);
    }

    [Fact]
    public void LateIndexesInsideTheWindowAreAcceptedOnce()
    {
        var window = default(SrtpReplayWindow);
        window.Reset(100);
        window.Accept(110);

        Assert.Equal(SrtpStatus.Ok, window.Check(105));
        window.Accept(105);
        Assert.Equal(SrtpStatus.ReplayDuplicate, window.Check(105));
        Assert.Equal(SrtpStatus.ReplayDuplicate, window.Check(100));
        Assert.Equal(SrtpStatus.Ok, window.Check(101));
        Assert.Equal(110UL, window.Highest);
    }

    [Fact]
    public void IndexesSixtyFourOrMoreBehindAreTooOld()
    {
        var window = default(SrtpReplayWindow);
        window.Reset(1000);

        Assert.Equal(SrtpStatus.Ok, window.Check(1000 - 63));
        Assert.Equal(SrtpStatus.ReplayTooOld, window.Check(1000 - 64));
    }

    [Fact]
    public void AJumpBeyondTheWindowForgetsEverythingBehind()
    {
        var window = default(SrtpReplayWindow);
        window.Reset(10);
        window.Accept(11);
        window.Accept(500);

        Assert.Equal(SrtpStatus.ReplayDuplicate, window.Check(500));
        Assert.Equal(SrtpStatus.Ok, window.Check(499));
        Assert.Equal(SrtpStatus.ReplayTooOld, window.Check(11));
    }
}
