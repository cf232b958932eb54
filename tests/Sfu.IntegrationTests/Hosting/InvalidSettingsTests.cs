using System.Diagnostics;

namespace Sfu.IntegrationTests.Hosting;

/// <summary>
/// The real executable with bad settings: one line per bad setting, exit code 1, no stack trace, and nothing bound.
/// Before, the first bad setting surfaced as an unhandled ArgumentException from the engine (exit 134, 51 lines).
/// </summary>
public class InvalidSettingsTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Bad_settings_print_one_line_each_and_exit_with_1()
    {
        (int exitCode, string stdout, string stderr) = await RunApiAsync(
            "--Sfu:Port=70000", "--Sfu:Workers=-1", "--Signaling:OperatorKey=short", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, line => line.Contains("Sfu:Port 70000", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Sfu:Workers -1", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Signaling:OperatorKey", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_does_not_convert_names_its_setting()
    {
        (int exitCode, string stdout, string stderr) = await RunApiAsync("--Sfu:Port=fifty", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        Assert.Contains("Sfu:Port", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_TURN_credentials_and_bad_TURN_and_metrics_settings_are_refused_by_name()
    {
        (int exitCode, string stdout, string stderr) = await RunApiAsync(
            "--Signaling:IceServers:0:Urls:0=turn:turn.example.com", "--Signaling:IceServers:0:Username=everyone", "--Signaling:IceServers:0:Credential=same-for-all",
            "--Turn:Urls:0=turn:127.0.0.1:3478", "--Metrics:Port=70000", "--Metrics:AllowedAddresses:0=not-a-network", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, exitCode);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, line => line.Contains("Signaling:IceServers:0 carries a username or credential", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Turn:Secret must be set", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Metrics:Port", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Metrics:AllowedAddresses entry 'not-a-network'", StringComparison.Ordinal));
        Assert.DoesNotContain("Now listening", stdout, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunApiAsync(params string[] args)
    {
        string api = Path.Combine(AppContext.BaseDirectory, "Api.dll");
        Assert.True(File.Exists(api), api + " is missing from the test output");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(api);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the server did not exit within " + ExitTimeout + ": it started despite bad settings");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
