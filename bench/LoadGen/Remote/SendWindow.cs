using System.Diagnostics;
using Sfu.Client;

namespace LoadGen.Remote;

/// <summary>The measured part of a run, whichever server forwards: publishers send the plan with live progress, then the subscribers drain.</summary>
internal static class SendWindow
{
    /// <summary>Every publisher sends <paramref name="plan"/>; every 2 s a line says how many packets subscribers received.</summary>
    public static async Task SendAsync(IReadOnlyList<ClientPeer> publishers, MediaSendPlan plan, Func<long> totalReceived, TextWriter output, CancellationToken cancellationToken)
    {
        var sends = new List<Task>(publishers.Count);
        foreach (ClientPeer publisher in publishers)
        {
            sends.Add(publisher.SendMediaAsync(plan, cancellationToken));
        }

        Task sending = Task.WhenAll(sends);
        var clock = Stopwatch.StartNew();
        long receivedBefore = totalReceived();
        long lastReceived = receivedBefore;
        while (!sending.IsCompleted)
        {
            await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
            long received = totalReceived();
            output.WriteLine($"  {clock.Elapsed.TotalSeconds,5:0.0} s: {received - receivedBefore,12:N0} packets received by subscribers ({(received - lastReceived) / 2.0,9:N0}/s)");
            lastReceived = received;
        }

        await sending;
    }

    /// <summary>
    /// Waits until the subscribers' count stops growing (what the server still had queued has arrived), at least 1 s and
    /// at most 15 s, so the server's counter read next covers exactly what the clients counted.
    /// </summary>
    public static async Task WaitUntilQuietAsync(Func<long> totalReceived, CancellationToken cancellationToken)
    {
        long last = -1;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            long now = totalReceived();
            if (now == last && waited.Elapsed >= TimeSpan.FromSeconds(1))
            {
                return;
            }

            last = now;
        }
    }
}
