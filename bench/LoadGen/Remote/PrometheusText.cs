using System.Globalization;

namespace LoadGen.Remote;

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4) generically: every sample line
/// <c>name{label="value",...} number [timestamp]</c>, comments and blank lines skipped. The load tool needs sums of a
/// metric over its series (optionally one label value), whichever exporter wrote them.
/// </summary>
internal static class PrometheusText
{
    /// <summary>
    /// Sum of the samples of <paramref name="metric"/> whose labels contain <paramref name="labelFilter"/> (e.g.
    /// <c>kind="rtp"</c>; null for all), or null when the metric has no sample.
    /// </summary>
    public static double? Sum(string text, string metric, string? labelFilter = null)
    {
        double sum = 0;
        bool found = false;
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            int nameEnd = metric.Length;
            if (nameEnd < line.Length && line[nameEnd] is not ('{' or ' ' or '\t'))
            {
                continue; // another metric whose name starts with this one
            }

            string labels = "";
            int valueStart = nameEnd;
            if (nameEnd < line.Length && line[nameEnd] == '{')
            {
                int close = line.LastIndexOf('}');
                if (close < nameEnd)
                {
                    continue;
                }

                labels = line[(nameEnd + 1)..close];
                valueStart = close + 1;
            }

            if (labelFilter is not null && !labels.Contains(labelFilter, StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = line[valueStart..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                sum += value;
                found = true;
            }
        }

        return found ? sum : null;
    }
}
