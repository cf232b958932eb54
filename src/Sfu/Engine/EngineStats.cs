namespace Sfu.Engine;

/// <summary>Counts of what the engine holds right now, over every worker, and each worker's own figures.</summary>
public sealed record EngineStats(int Rooms, int Participants, int Producers, int Consumers, IReadOnlyList<WorkerStats> Workers)
{
    public static EngineStats Sum(IReadOnlyList<WorkerStats> workers)
    {
        int rooms = 0, participants = 0, producers = 0, consumers = 0;
        foreach (WorkerStats worker in workers)
        {
            rooms += worker.Rooms;
            participants += worker.Participants;
            producers += worker.Producers;
            consumers += worker.Consumers;
        }

        return new EngineStats(rooms, participants, producers, consumers, workers);
    }
}

/// <summary>
/// One media worker's figures, read on its own thread: what it holds, the datagrams it received, the RTP packets it sent
/// (forwarded media and retransmissions), and the CPU time its thread has used (null where that clock is unavailable).
/// </summary>
public readonly record struct WorkerStats(
    int Worker, int Rooms, int Participants, int Producers, int Consumers, long DatagramsReceived, long RtpPacketsSent, TimeSpan? CpuTime);
