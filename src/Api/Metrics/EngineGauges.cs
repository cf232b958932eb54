using System.Globalization;
using Prometheus;
using Sfu.Engine;

namespace Api.Metrics;

/// <summary>
/// Rooms, participants and tracks, and each media worker's load, counted by the media workers themselves when a scrape
/// asks (<see cref="SfuEngine.GetStatsAsync"/>), so no media thread shares a counter with the scrape. The wait is bounded:
/// a stuck media thread must not hang the scrape; the engine series are then left out of it (alert on
/// <c>absent(sfu_rooms)</c>) while every counter is still served.
/// </summary>
public sealed class EngineGauges
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private static readonly string[] WorkerLabel = ["worker"];

    private readonly Gauge _rooms;
    private readonly Gauge _participants;
    private readonly Gauge _published;
    private readonly Gauge _subscribed;
    private readonly Gauge _workerParticipants;
    private readonly Counter _workerRtpSent;
    private readonly Counter _workerDatagramsReceived;
    private readonly Counter _workerCpuSeconds;

    public EngineGauges(IMetricFactory factory)
    {
        var unpublishedUntilRead = new GaugeConfiguration { SuppressInitialValue = true };
        _rooms = factory.CreateGauge("sfu_rooms", "Rooms with at least one participant in the media engine.", unpublishedUntilRead);
        _participants = factory.CreateGauge("sfu_participants", "Participants (peer connections) in the media engine.", unpublishedUntilRead);
        _published = factory.CreateGauge("sfu_tracks_published", "Tracks published to the server (producers).", unpublishedUntilRead);
        _subscribed = factory.CreateGauge("sfu_tracks_subscribed", "Tracks forwarded to subscribers (consumers).", unpublishedUntilRead);
        _workerParticipants = factory.CreateGauge("sfu_worker_participants", "Participants on each media worker (rooms are placed on the least loaded).", WorkerLabel);
        _workerRtpSent = factory.CreateCounter("sfu_worker_rtp_packets_sent_total", "RTP packets each media worker sent (forwarded media and retransmissions).", WorkerLabel);
        _workerDatagramsReceived = factory.CreateCounter("sfu_worker_datagrams_received_total", "Datagrams each media worker received on its port.", WorkerLabel);
        _workerCpuSeconds = factory.CreateCounter("sfu_worker_cpu_seconds_total", "CPU time each media worker thread used (Linux).", WorkerLabel);
    }

    /// <summary>Asks the workers for their stats and publishes them, or unpublishes the engine series when they do not answer within <paramref name="timeout"/>.</summary>
    /// <returns>Whether the workers answered in time.</returns>
    public async Task<bool> UpdateAsync(Func<Task<EngineStats>> getStats, TimeSpan timeout, CancellationToken cancellationToken)
    {
        EngineStats stats;
        try
        {
            stats = await getStats().WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Unpublish();
            return false;
        }

        Set(_rooms, stats.Rooms);
        Set(_participants, stats.Participants);
        Set(_published, stats.Producers);
        Set(_subscribed, stats.Consumers);
        foreach (WorkerStats worker in stats.Workers)
        {
            string label = worker.Worker.ToString(CultureInfo.InvariantCulture);
            Set(_workerParticipants.WithLabels(label), worker.Participants);
            Raise(_workerRtpSent.WithLabels(label), worker.RtpPacketsSent);
            Raise(_workerDatagramsReceived.WithLabels(label), worker.DatagramsReceived);
            if (worker.CpuTime is TimeSpan cpu)
            {
                Raise(_workerCpuSeconds.WithLabels(label), cpu.TotalSeconds);
            }
        }

        return true;
    }

    private static void Set(Gauge.Child gauge, double value)
    {
        gauge.Set(value);
        gauge.Publish();
    }

    private static void Set(Gauge gauge, double value)
    {
        gauge.Set(value);
        gauge.Publish();
    }

    private static void Raise(Counter.Child counter, double total)
    {
        counter.IncTo(total);
        counter.Publish();
    }

    private void Unpublish()
    {
        _rooms.Unpublish();
        _participants.Unpublish();
        _published.Unpublish();
        _subscribed.Unpublish();
        foreach (string[] labels in _workerParticipants.GetAllLabelValues())
        {
            _workerParticipants.WithLabels(labels).Unpublish();
        }

        foreach (Counter family in new[] { _workerRtpSent, _workerDatagramsReceived, _workerCpuSeconds })
        {
            foreach (string[] labels in family.GetAllLabelValues())
            {
                family.WithLabels(labels).Unpublish();
            }
        }
    }
}
