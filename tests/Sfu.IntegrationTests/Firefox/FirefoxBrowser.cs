using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sfu.IntegrationTests.Firefox;

/// <summary>
/// Debian's headless firefox-esr with fake camera and microphone, driven over WebDriver BiDi by driver.mjs
/// (puppeteer-core; Playwright's Firefox needs a patched build we do not have). The driver speaks JSON lines on its
/// stdin/stdout; this type sends one request at a time and matches replies by id. With a <see cref="VethNamespace"/>
/// the driver and Firefox run inside it (<c>ip netns exec</c>), so Firefox's only non-loopback address is the
/// namespace's and its ICE candidates pair with a server on the namespace's host end.
/// </summary>
public sealed class FirefoxBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/firefox-esr";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _driver;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly ConcurrentDictionary<int, FirefoxPage> _pages = new();
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task _readLoop;
    private int _nextId;

    private FirefoxBrowser(Process driver)
    {
        _driver = driver;
        _readLoop = Task.Run(ReadRepliesAsync);
        driver.ErrorDataReceived += (_, line) =>
        {
            lock (_stderr)
            {
                if (line.Data is not null && _stderr.Length < 64_000)
                {
                    _stderr.AppendLine(line.Data);
                }
            }
        };
        driver.BeginErrorReadLine();
    }

    /// <param name="network">Run Firefox inside this namespace; null runs it in the host's network.</param>
    /// <param name="secureOrigins">Hosts (e.g. <c>10.213.5.1</c>) whose http pages count as secure, so getUserMedia exists there.</param>
    public static async Task<FirefoxBrowser> LaunchAsync(VethNamespace? network = null, params string[] secureOrigins)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException("Firefox is not installed at " + ExecutablePath + "; scripts/test.sh installs firefox-esr.");
        }

        string folder = DriverFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "puppeteer-core")))
        {
            throw new InvalidOperationException($"puppeteer-core is not installed in {folder}; scripts/test.sh runs `npm ci` there.");
        }

        var start = new ProcessStartInfo(network is null ? "node" : "ip")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (network is not null)
        {
            foreach (string arg in (string[])["netns", "exec", network.Name, "node"])
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add(Path.Combine(folder, "driver.mjs"));
        Process driver = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var browser = new FirefoxBrowser(driver);
        try
        {
            await browser.RequestAsync(new JsonObject
            {
                ["cmd"] = "launch",
                ["executablePath"] = ExecutablePath,
                ["prefs"] = FirefoxPrefs.ForTests(secureOrigins),
            });
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }

        return browser;
    }

    public async Task<FirefoxPage> NewPageAsync(string name)
    {
        int id = (await RequestAsync(new JsonObject { ["cmd"] = "newPage" }))!.GetValue<int>();
        var page = new FirefoxPage(this, id, name);
        _pages[id] = page;
        return page;
    }

    /// <summary>Sends one request and returns its result; a driver error or a dead driver becomes an exception with its stderr.</summary>
    internal async Task<JsonNode?> RequestAsync(JsonObject request)
    {
        int id = Interlocked.Increment(ref _nextId);
        request["id"] = id;
        var reply = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await _writeLock.WaitAsync();
        try
        {
            await _driver.StandardInput.WriteLineAsync(request.ToJsonString());
            await _driver.StandardInput.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }

        try
        {
            return await reply.Task.WaitAsync(RequestTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Firefox driver did not answer '{request["cmd"]}' within {RequestTimeout.TotalSeconds} s; stderr: {StderrTail()}");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReadRepliesAsync()
    {
        while (await _driver.StandardOutput.ReadLineAsync() is { } line)
        {
            JsonNode? message;
            try
            {
                message = JsonNode.Parse(line);
            }
            catch (JsonException)
            {
                message = null;
            }

            if (message is not JsonObject)
            {
                // Not one of the driver's replies (something else wrote to its stdout): keep it for error messages.
                lock (_stderr)
                {
                    _stderr.AppendLine("stdout: " + line);
                }

                continue;
            }

            if (message["event"]?.GetValue<string>() == "pageerror" && _pages.TryGetValue(message["page"]!.GetValue<int>(), out FirefoxPage? page))
            {
                page.AddError(message["message"]?.GetValue<string>() ?? "");
                continue;
            }

            if (message["id"]?.GetValueKind() == JsonValueKind.Number && _pending.TryGetValue(message["id"]!.GetValue<int>(), out var reply))
            {
                if (message["ok"]!.GetValue<bool>())
                {
                    reply.TrySetResult(message["result"]?.DeepClone());
                }
                else
                {
                    reply.TrySetException(new InvalidOperationException("Firefox driver: " + message["error"]?.GetValue<string>()));
                }
            }
        }

        // The driver exited: nothing pending will ever be answered.
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("the Firefox driver exited; stderr: " + StderrTail()));
        }
    }

    private string StderrTail()
    {
        lock (_stderr)
        {
            string text = _stderr.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    /// <summary>The folder with driver.mjs and its node_modules, found from the test's output folder up to the repository.</summary>
    private static string DriverFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "Sfu.IntegrationTests", "Firefox");
            if (File.Exists(Path.Combine(candidate, "driver.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Sfu.IntegrationTests/Firefox/driver.mjs not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_driver.HasExited)
            {
                await RequestAsync(new JsonObject { ["cmd"] = "close" }).WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            // Closing is best effort: the process tree is killed below either way.
        }

        try
        {
            _driver.StandardInput.Close(); // the driver exits when its stdin closes
            await _driver.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            _driver.Kill(entireProcessTree: true);
        }

        await _readLoop.WaitAsync(TimeSpan.FromSeconds(15));
        _driver.Dispose();
        _writeLock.Dispose();
    }
}
