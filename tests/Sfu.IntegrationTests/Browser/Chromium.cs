using Microsoft.Playwright;

namespace Sfu.IntegrationTests.Browser;

/// <summary>
/// Debian's headless Chromium driven by Playwright, with fake camera and microphone (see shared/DESIGN.md):
/// never `playwright install`, always /usr/bin/chromium and a fresh profile directory.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        "--autoplay-policy=no-user-gesture-required", "--disable-dev-shm-usage",
        // getDisplayMedia picks the whole screen without a picker, so screen sharing can be tested headless.
        "--auto-select-desktop-capture-source=Entire screen", "--enable-usermedia-screen-capturing",
    ];

    /// <summary>Chromium's fake capture with three cameras and microphones, for tests that switch devices.</summary>
    public static readonly string[] ThreeFakeDevicesEach = ["--use-fake-device-for-media-stream=device-count=3"];

    private readonly IPlaywright _playwright;
    private readonly string _profileDirectory;

    private Chromium(IPlaywright playwright, IBrowserContext context, string profileDirectory)
    {
        _playwright = playwright;
        Context = context;
        _profileDirectory = profileDirectory;
    }

    public IBrowserContext Context { get; }

    /// <param name="extraFlags">Added after the usual flags (a later switch of the same name wins).</param>
    public static async Task<Chromium> LaunchAsync(params string[] extraFlags)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException("Chromium is not installed at " + ExecutablePath + "; scripts/test.sh installs it.");
        }

        IPlaywright playwright = await Playwright.CreateAsync();
        string profile = Directory.CreateTempSubdirectory("sfu-chromium-").FullName;
        IBrowserContext context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = [.. Flags, .. extraFlags],
            Permissions = ["camera", "microphone"],
        });
        return new Chromium(playwright, context, profile);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profileDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a lock file for a moment; a temp directory left behind is harmless.
        }
    }
}
