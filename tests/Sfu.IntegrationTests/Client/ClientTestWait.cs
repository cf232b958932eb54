namespace Sfu.IntegrationTests.Client;

/// <summary>Polls a condition until it holds or a deadline passes (state changes on other threads).</summary>
internal static class ClientTestWait
{
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
