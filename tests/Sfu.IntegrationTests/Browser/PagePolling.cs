using System.Diagnostics;
using Microsoft.Playwright;

namespace Sfu.IntegrationTests.Browser;

/// <summary>
/// Waits for a page condition by evaluating it again and again from the test. Playwright's own WaitForFunctionAsync must
/// not be given an async predicate: it takes the returned promise for a truthy answer and passes at once (Playwright
/// issue 29132), so a check that awaits getStats() or a timer would test nothing. Evaluating awaits the promise.
/// </summary>
internal static class PagePolling
{
    /// <param name="predicate">A JavaScript function, sync or async, of one argument, returning a truthy or falsy value.</param>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static Task UntilAsync(IPage page, string predicate, object? arg, TimeSpan timeout, TimeSpan? interval = null)
    {
        string check = AsBooleanCheck(predicate);
        return UntilAsync(() => page.EvaluateAsync<bool>(check, arg), timeout, interval);
    }

    /// <summary>Wraps a predicate so that evaluating it awaits its promise and answers a plain boolean.</summary>
    public static string AsBooleanCheck(string predicate) => $"async (arg) => !!(await ({predicate})(arg))";

    /// <summary>Polls <paramref name="check"/> (a page evaluation in any browser) until it answers true.</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static async Task UntilAsync(Func<Task<bool>> check, TimeSpan timeout, TimeSpan? interval = null)
    {
        TimeSpan pause = interval ?? TimeSpan.FromMilliseconds(200);
        var clock = Stopwatch.StartNew();
        while (!await check())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the page condition did not hold within {timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(pause);
        }
    }
}
