using LoadGen.Janus;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>The load tool's <c>--target janus</c> command line: other targets pass through, bad values end with a reason and exit code 2.</summary>
public class JanusCommandTests
{
    [Theory]
    [InlineData("--server", "http://127.0.0.1:8080", "--scenario", "1x2")]
    [InlineData("--target", "sfu", "--server", "ws://127.0.0.1:8188")]
    [InlineData("--target")]
    [InlineData("--target", "janus", "--server", "ws://127.0.0.1:8188", "--scenario", "2x2")]
    public void OtherCommandsAreNotJanus(params string[] args) => Assert.Null(JanusCommand.TryRun(args, TextWriter.Null, CancellationToken.None));

    [Theory]
    [InlineData("needs --server ws://", "--target", "janus", "--probe")]
    [InlineData("needs --server ws://", "--target", "janus", "--server", "http://127.0.0.1:8088", "--probe")]
    [InlineData("needs --server ws://", "--target", "janus", "--server", "not a url", "--probe")]
    [InlineData("--bind needs an IP address", "--target", "janus", "--server", "ws://127.0.0.1:8188", "--probe", "--bind", "localhost:1")]
    public async Task BadValuesEndWithAReason(string reason, params string[] args)
    {
        var output = new StringWriter();
        Task<int>? run = JanusCommand.TryRun(args, output, CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal(2, await run);
        Assert.Contains(reason, output.ToString(), StringComparison.Ordinal);
    }
}
