using Sfu.Client;

namespace LoadGen.Remote;

/// <summary>A client of a run and how many subscribers are owed what it publishes (everyone else in its room).</summary>
internal readonly record struct TalliedPeer(ClientPeer Peer, int Receivers);

/// <summary>
/// What the clients of one run sent, were owed and received, with forward latency and jitter, the same way whichever
/// server forwarded it (ours through /ws, Janus through its VideoRoom), so the two results compare like for like.
/// </summary>
internal static class RunTally
{
    public static RemoteResult Summarize(string target, string server, Scenario scenario, double seconds, long received, IReadOnlyList<TalliedPeer> peers, IEnumerable<string> errors)
    {
        long sent = 0;
        long expected = 0;
        long payloadErrors = 0;
        double jitterSum = 0;
        int jitterStreams = 0;
        string? profile = null;
        var latency = new LatencyHistogram();
        foreach ((ClientPeer peer, int receivers) in peers)
        {
            ClientStats stats = peer.GetStats();
            sent += stats.PacketsSent;
            expected += SimulcastLayerMix.OwedToEachSubscriber(peer, stats) * receivers;
            payloadErrors += stats.PayloadErrors;
            foreach (ReceivedStreamStats stream in stats.ReceivedBySsrc.Values)
            {
                jitterSum += stream.JitterMicroseconds;
                jitterStreams++;
            }

            profile ??= peer.SrtpProfile?.ToString();
            peer.CopyForwardLatency(latency);
        }

        return new RemoteResult
        {
            Target = target,
            Server = server,
            Scenario = scenario.Name + (scenario.Rooms > 1 ? $" --rooms {scenario.Rooms}" : ""),
            SrtpProfile = profile,
            Participants = scenario.Participants().Count,
            Seconds = seconds,
            PacketsSent = sent,
            PacketsExpected = expected,
            PacketsReceived = received,
            LossPercent = expected == 0 ? 0 : Math.Max(0, expected - received) * 100.0 / expected,
            PayloadErrors = payloadErrors,
            LatencyP50Us = latency.QuantileMicroseconds(0.50),
            LatencyP95Us = latency.QuantileMicroseconds(0.95),
            LatencyP99Us = latency.QuantileMicroseconds(0.99),
            JitterMeanUs = jitterStreams == 0 ? 0 : jitterSum / jitterStreams,
            Errors = errors.ToList(),
        };
    }
}
