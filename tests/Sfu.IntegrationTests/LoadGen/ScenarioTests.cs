using LoadGen.Remote;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>Scenario names of the load tool: who joins which room and who publishes.</summary>
public class ScenarioTests
{
    [Fact]
    public void OnePublisherAndAHundredSubscribersAreDifferentParticipants()
    {
        Assert.True(Scenario.TryParse("1x100", 1, out Scenario scenario));
        IReadOnlyList<ScenarioParticipant> participants = scenario.Participants();

        Assert.Equal(101, participants.Count);
        Assert.Single(participants, p => p.PublishVideo && p.PublishAudio);
        Assert.All(participants, p => Assert.Equal(0, p.Room));
    }

    [Fact]
    public void EqualCountsMeanEveryoneSendsAndReceives()
    {
        Assert.True(Scenario.TryParse("25x25", 2, out Scenario scenario));
        IReadOnlyList<ScenarioParticipant> participants = scenario.Participants();

        Assert.Equal(50, participants.Count);
        Assert.All(participants, p => Assert.True(p.PublishAudio && p.PublishVideo));
        Assert.Equal(25, participants.Count(p => p.Room == 1));
    }

    [Fact]
    public void AudioScenarioFillsRoomsOfTenWithAudioOnly()
    {
        Assert.True(Scenario.TryParse("audio-200", 1, out Scenario scenario));
        IReadOnlyList<ScenarioParticipant> participants = scenario.Participants();

        Assert.Equal(200, participants.Count);
        Assert.All(participants, p => Assert.True(p.PublishAudio && !p.PublishVideo));
        Assert.Equal(20, participants.Select(p => p.Room).Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("0x5")]
    [InlineData("1x1")]
    [InlineData("-1x5")]
    [InlineData("2x")]
    [InlineData("audio-1")]
    [InlineData("audio-x")]
    [InlineData("25X25")]
    public void RefusesWhatIsNotAScenario(string text) => Assert.False(Scenario.TryParse(text, 1, out _));

    [Fact]
    public void OptionsNeedAServerOrTheRawFloor()
    {
        Assert.False(RemoteOptions.TryParse(["--scenario", "2x2"], out _, out string? error));
        Assert.Contains("--server", error);
        Assert.False(RemoteOptions.TryParse(["--server", "ftp://x"], out _, out _));
        Assert.True(RemoteOptions.TryParse(["--server", "http://127.0.0.1:8080", "--scenario", "25x25", "--duration", "5"], out RemoteOptions options, out _));
        Assert.Equal(5, options.Seconds);
        Assert.True(RemoteOptions.TryParse(["--raw-udp", "--fanout", "9"], out RemoteOptions raw, out _));
        Assert.True(raw.RawUdp);
    }

    [Theory]
    [InlineData("compare needs --janus", "compare", "--server", "http://127.0.0.1:8080")]
    [InlineData("compare needs --janus", "compare", "--server", "http://127.0.0.1:8080", "--janus", "ws://127.0.0.1:8188")]
    [InlineData("--janus needs a ws://", "compare", "--server", "http://127.0.0.1:8080", "--janus", "http://127.0.0.1:8188", "--janus-pid", "1")]
    [InlineData("--target janus needs --server ws://", "--target", "janus", "--server", "http://127.0.0.1:8080")]
    [InlineData("--target is sfu or janus", "--target", "mediasoup", "--server", "http://127.0.0.1:8080")]
    [InlineData("--srtp is cm or gcm", "--server", "http://127.0.0.1:8080", "--srtp", "none")]
    [InlineData("--bind needs an IP address", "--server", "http://127.0.0.1:8080", "--bind", "localhost")]
    public void JanusAndCompareOptionsRefuseWithAReason(string reason, params string[] args)
    {
        Assert.False(RemoteOptions.TryParse(args, out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareAndJanusTargetsAreRead()
    {
        Assert.True(RemoteOptions.TryParse(
            ["compare", "--server", "http://127.0.0.1:8080", "--janus", "ws://127.0.0.1:8188", "--janus-pid", "42", "--bind", "192.0.2.2", "--srtp", "cm"],
            out RemoteOptions compare, out string? error), error);
        Assert.True(compare.Compare);
        Assert.Equal(42, compare.JanusPid);
        Assert.Equal("192.0.2.2", compare.BindAddress);
        Assert.Equal([Sfu.Crypto.Srtp.SrtpProfile.AesCm128HmacSha1_80], compare.SrtpProfiles);
        Assert.True(RemoteOptions.IsRemoteCommand(["compare"]));

        Assert.True(RemoteOptions.TryParse(["--target", "janus", "--server", "ws://127.0.0.1:8188", "--scenario", "2x2"], out RemoteOptions janus, out error), error);
        Assert.Equal(new Uri("ws://127.0.0.1:8188"), janus.Janus);
        Assert.Null(janus.Server);
        Assert.False(janus.Compare);
    }
}
