using Sfu.Engine;
using Sfu.Routing;

namespace LoadGen;

/// <summary>
/// What idle participants cost: one worker, first empty, then holding N participants in rooms of 10 that joined and
/// never connected media. Each figure is the worker thread's own CPU over the same wait, so the difference is the cost
/// of walking idle rooms on every tick.
/// </summary>
internal static class IdleRun
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(int participants, TextWriter output)
    {
        await using var engine = new SfuEngine(new SfuOptions { BindAddress = "127.0.0.1", Port = 0, Workers = 1 });
        double empty = await WorkerCpuPercentAsync(engine);
        var observer = new SilentObserver();
        var sessions = new List<IPeerSession>(participants);
        for (int i = 0; i < participants; i++)
        {
            sessions.Add(await engine.CreatePeerAsync("idle-" + (i / 10), "p" + i, observer));
        }

        double loaded = await WorkerCpuPercentAsync(engine);
        output.WriteLine($"worker CPU while empty:                  {empty:0.0} % of one core");
        output.WriteLine($"worker CPU with {participants,5} idle participants: {loaded:0.0} % of one core ({loaded - empty:+0.0;-0.0} points)");
        sessions.ForEach(session => session.Dispose());
        return 0;
    }

    private static async Task<double> WorkerCpuPercentAsync(SfuEngine engine)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        WorkerStats before = (await engine.GetStatsAsync()).Workers[0];
        await Task.Delay(Window);
        WorkerStats after = (await engine.GetStatsAsync()).Workers[0];
        return after.CpuTime is { } end && before.CpuTime is { } start ? 100 * (end - start).TotalSeconds / Window.TotalSeconds : double.NaN;
    }

    private sealed class SilentObserver : IPeerSessionObserver
    {
        public void OnServerOffer(string offerSdp)
        {
        }

        public void OnRemoteTrack(RemoteTrackInfo track, bool added)
        {
        }

        public void OnActiveSpeaker(string participantId)
        {
        }

        public void OnMediaConnected()
        {
        }

        public void OnTransportClosed(string reason)
        {
        }
    }
}
