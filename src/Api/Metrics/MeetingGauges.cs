using Api.Meetings;
using Prometheus;

namespace Api.Metrics;

/// <summary>
/// Meetings by status (<c>sfu_meetings{status}</c>: created, active, ended), counted in the meetings database when a
/// scrape asks. The query is bounded: an unreachable database leaves the series out of that scrape (readiness reports
/// the database) instead of stalling it.
/// </summary>
public sealed class MeetingGauges(IMetricFactory factory)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    private readonly Gauge _meetings = factory.CreateGauge(
        "sfu_meetings", "Meetings in the meetings database by status (created, active, ended).",
        new GaugeConfiguration { LabelNames = ["status"], SuppressInitialValue = true });

    /// <returns>Whether the database answered in time.</returns>
    public async Task<bool> UpdateAsync(MeetingRepository meetings, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, long> counts;
        try
        {
            counts = await meetings.CountByStatusAsync(cancellationToken).WaitAsync(DefaultTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or System.Data.Common.DbException or InvalidOperationException)
        {
            foreach (string[] labels in _meetings.GetAllLabelValues())
            {
                _meetings.WithLabels(labels).Unpublish();
            }

            return false;
        }

        foreach ((string status, long count) in counts)
        {
            Gauge.Child child = _meetings.WithLabels(status);
            child.Set(count);
            child.Publish();
        }

        return true;
    }
}
