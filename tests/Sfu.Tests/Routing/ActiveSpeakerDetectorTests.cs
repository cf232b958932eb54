using Sfu.Routing;

namespace Sfu.Tests.Routing;

public class ActiveSpeakerDetectorTests
{
    private static readonly long Ms = TimeSpan.TicksPerMillisecond;

    private static void Feed(ActiveSpeakerDetector detector, string id, byte level, int packets = 25)
    {
        for (int i = 0; i < packets; i++)
        {
            detector.OnAudioLevel(id, level, voiceActivity: level < ActiveSpeakerDetector.SilenceLevel);
        }
    }

    [Fact]
    public void Loudest_speaker_wins_after_one_interval()
    {
        var detector = new ActiveSpeakerDetector();
        detector.Evaluate(0);
        Feed(detector, "alice", 20);
        Feed(detector, "bob", 50);
        Assert.True(detector.Evaluate(500 * Ms));
        Assert.Equal("alice", detector.ActiveSpeaker);
    }

    [Fact]
    public void Silence_elects_nobody()
    {
        var detector = new ActiveSpeakerDetector();
        detector.Evaluate(0);
        Feed(detector, "alice", 127);
        Feed(detector, "bob", 90);
        Assert.False(detector.Evaluate(500 * Ms));
        Assert.Null(detector.ActiveSpeaker);
    }

    [Fact]
    public void Speaker_holds_against_a_slightly_louder_rival_and_a_quick_switch()
    {
        var detector = new ActiveSpeakerDetector();
        detector.Evaluate(0);
        Feed(detector, "alice", 30);
        Assert.True(detector.Evaluate(500 * Ms));

        // Bob is louder by 1 dB only: within the margin, Alice keeps the floor.
        Feed(detector, "alice", 30);
        Feed(detector, "bob", 29);
        Assert.False(detector.Evaluate(1000 * Ms));
        Assert.Equal("alice", detector.ActiveSpeaker);

        // Bob clearly louder, and the hold time has passed.
        Feed(detector, "alice", 50);
        Feed(detector, "bob", 10);
        Assert.True(detector.Evaluate(1500 * Ms));
        Assert.Equal("bob", detector.ActiveSpeaker);
    }

    [Fact]
    public void Evaluation_waits_for_the_interval()
    {
        var detector = new ActiveSpeakerDetector();
        detector.Evaluate(0);
        Feed(detector, "alice", 10);
        Assert.False(detector.Evaluate(100 * Ms));
        Assert.Null(detector.ActiveSpeaker);
    }

    [Fact]
    public void Removing_the_speaker_clears_it()
    {
        var detector = new ActiveSpeakerDetector();
        detector.Evaluate(0);
        Feed(detector, "alice", 10);
        detector.Evaluate(500 * Ms);
        detector.Remove("alice");
        Assert.Null(detector.ActiveSpeaker);
    }
}
