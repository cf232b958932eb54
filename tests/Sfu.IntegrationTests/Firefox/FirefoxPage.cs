using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Firefox;

/// <summary>One tab of a <see cref="FirefoxBrowser"/>: navigate, evaluate JavaScript, poll a condition, collect script errors.</summary>
public sealed class FirefoxPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly FirefoxBrowser _browser;
    private readonly int _id;
    private readonly List<string> _errors = [];

    internal FirefoxPage(FirefoxBrowser browser, int id, string name)
    {
        _browser = browser;
        _id = id;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Uncaught exceptions and unhandled rejections in the page's scripts so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Runs <paramref name="script"/> in every document this page loads, before the page's own scripts.</summary>
    public async Task AddInitScriptAsync(string script) =>
        await _browser.RequestAsync(new JsonObject { ["cmd"] = "addInitScript", ["page"] = _id, ["script"] = script });

    public async Task GotoAsync(Uri url) =>
        await _browser.RequestAsync(new JsonObject { ["cmd"] = "goto", ["page"] = _id, ["url"] = url.ToString() });

    /// <summary>Calls a JavaScript function (sync or async, of one argument) in the page and returns its awaited result.</summary>
    /// <param name="function">The function's source, e.g. <c>(arg) =&gt; document.title</c>.</param>
    /// <param name="arg">Serialized as JSON for the function's argument.</param>
    public async Task<T> EvaluateAsync<T>(string function, object? arg = null)
    {
        JsonNode? result = await _browser.RequestAsync(new JsonObject
        {
            ["cmd"] = "evaluate",
            ["page"] = _id,
            ["fn"] = function,
            ["arg"] = JsonSerializer.SerializeToNode(arg, Json),
        });
        string text = result?.GetValue<string>() ?? "null";
        return JsonSerializer.Deserialize<T>(text, Json)!;
    }

    /// <summary>Waits until a JavaScript predicate (sync or async, of one argument) answers truthy.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>.</exception>
    public Task UntilAsync(string predicate, object? arg, TimeSpan timeout, TimeSpan? interval = null)
    {
        string check = PagePolling.AsBooleanCheck(predicate);
        return PagePolling.UntilAsync(() => EvaluateAsync<bool>(check, arg), timeout, interval);
    }

    /// <summary>Closes the tab; with <paramref name="runBeforeUnload"/> the page's pagehide/beforeunload handlers run as for a person.</summary>
    public async Task CloseAsync(bool runBeforeUnload = true) =>
        await _browser.RequestAsync(new JsonObject { ["cmd"] = "closePage", ["page"] = _id, ["runBeforeUnload"] = runBeforeUnload });

    internal void AddError(string message)
    {
        lock (_errors)
        {
            _errors.Add(message);
        }
    }
}
