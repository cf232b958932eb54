using System.Globalization;
using System.Text;

namespace Api.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format, version 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): per family a
/// <c># HELP</c> and a <c># TYPE</c> line, then one line per sample. Output is sorted by name, then by labels,
/// so two scrapes of the same state are byte-identical (diffable, and stable for tests).
/// </summary>
public static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder();
        string? previous = null;
        foreach (MetricFamily family in families.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            // "Only one TYPE line may exist for a given metric name": a second family of the same name is dropped.
            if (family.Name == previous)
            {
                continue;
            }

            previous = family.Name;
            WriteFamily(text, family);
        }

        return text.ToString();
    }

    private static void WriteFamily(StringBuilder text, MetricFamily family)
    {
        if (family.Help.Length > 0)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ');
            AppendEscaped(text, family.Help, escapeQuote: false);
            text.Append('\n');
        }

        text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
        foreach (MetricSample sample in family.Samples
            .Select(s => s with { Labels = s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToArray() })
            .Order(LabelOrder.Instance))
        {
            if (family.Type == MetricType.Histogram && sample.Histogram is { } histogram)
            {
                WriteHistogram(text, family.Name, sample.Labels, histogram);
            }
            else
            {
                WriteSample(text, family.Name, sample.Labels, null, sample.Value);
            }
        }
    }

    /// <summary>Buckets in increasing <c>le</c> order ending with <c>+Inf</c>, then <c>_sum</c> and <c>_count</c>, as the format requires.</summary>
    private static void WriteHistogram(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, HistogramValue histogram)
    {
        string bucket = name + "_bucket";
        for (int i = 0; i < histogram.UpperBounds.Count; i++)
        {
            WriteSample(text, bucket, labels, FormatValue(histogram.UpperBounds[i]), histogram.CumulativeCounts[i]);
        }

        WriteSample(text, bucket, labels, "+Inf", histogram.Count);
        WriteSample(text, name + "_sum", labels, null, histogram.Sum);
        WriteSample(text, name + "_count", labels, null, histogram.Count);
    }

    private static void WriteSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            string separator = string.Empty;
            foreach (KeyValuePair<string, string> label in labels)
            {
                text.Append(separator).Append(label.Key).Append("=\"");
                AppendEscaped(text, label.Value, escapeQuote: true);
                text.Append('"');
                separator = ",";
            }

            if (le is not null)
            {
                text.Append(separator).Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    /// <summary>
    /// Label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed only
    /// (a quote in HELP stays as it is), per the text format.
    /// </summary>
    private static void AppendEscaped(StringBuilder text, string value, bool escapeQuote)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '"' when escapeQuote:
                    text.Append("\\\"");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
    }

    /// <summary>Values are Go ParseFloat syntax; the special values are spelled <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>.</summary>
    internal static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };

    /// <summary>Samples ordered by their (already sorted) labels: name, then value, pair by pair; fewer labels first on a tie.</summary>
    private sealed class LabelOrder : IComparer<MetricSample>
    {
        public static readonly LabelOrder Instance = new();

        public int Compare(MetricSample? x, MetricSample? y)
        {
            IReadOnlyList<KeyValuePair<string, string>> a = x!.Labels;
            IReadOnlyList<KeyValuePair<string, string>> b = y!.Labels;
            for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
            {
                int order = string.CompareOrdinal(a[i].Key, b[i].Key);
                if (order == 0)
                {
                    order = string.CompareOrdinal(a[i].Value, b[i].Value);
                }

                if (order != 0)
                {
                    return order;
                }
            }

            return a.Count.CompareTo(b.Count);
        }
    }
}
