namespace Api.Tests.Infrastructure;

/// <summary>Polls a condition that becomes true asynchronously (generous: the machine is shared and slow at times).</summary>
public static class Eventually
{
    public static async Task ThatAsync(Func<Task<bool>> condition, int timeoutMs = 15_000)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.ElapsedMilliseconds < timeoutMs, $"the condition did not hold within {timeoutMs} ms");
            await Task.Delay(50);
        }
    }
}
