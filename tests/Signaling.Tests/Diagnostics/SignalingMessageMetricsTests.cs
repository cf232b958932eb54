using System.Diagnostics.Metrics;
using Signaling.Diagnostics;

namespace Signaling.Tests.Diagnostics;

/// <summary>The <c>type</c> label of sfu_signaling_messages_total is never something a client made up.</summary>
public sealed class SignalingMessageMetricsTests
{
    [Theory]
    [InlineData("join", "join")]
    [InlineData("chat", "chat")]
    [InlineData("rate_limited", "rate_limited")]
    [InlineData("DROP TABLE", "invalid")]
    [InlineData("Join", "invalid")]
    [InlineData(null, "invalid")]
    public void KnownTypesAreTheirOwnLabelAndAnythingElseIsInvalid(string? type, string label)
    {
        int thread = Environment.CurrentManagedThreadId;
        var labels = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SignalingMessageMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                labels.Add((string)tags[0].Value!);
            }
        });
        listener.Start();

        SignalingMessageMetrics.Count(type);

        Assert.Equal([label], labels);
    }
}
