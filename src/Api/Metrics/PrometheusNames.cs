namespace Api.Metrics;

/// <summary>
/// Turns instrument and tag names into valid Prometheus names. The data model allows metric names matching
/// <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> and label names matching <c>[a-zA-Z_][a-zA-Z0-9_]*</c>
/// (https://prometheus.io/docs/concepts/data_model/); anything else (e.g. the dots OpenTelemetry-style names use) becomes '_'.
/// </summary>
public static class PrometheusNames
{
    /// <summary>The metric name of an instrument; counters get the conventional <c>_total</c> suffix unless they already end in it.</summary>
    public static string ForMetric(string instrumentName, bool counter)
    {
        string name = Sanitize(instrumentName, allowColon: true);
        return counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    public static string ForLabel(string tagName) => Sanitize(tagName, allowColon: false);

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        bool valid = !char.IsAsciiDigit(name[0]);
        foreach (char c in name)
        {
            valid &= IsAllowed(c, allowColon);
        }

        if (valid)
        {
            return name;
        }

        return string.Create(name.Length + (char.IsAsciiDigit(name[0]) ? 1 : 0), (name, allowColon), static (span, state) =>
        {
            int offset = 0;
            if (char.IsAsciiDigit(state.name[0]))
            {
                span[0] = '_';
                offset = 1;
            }

            for (int i = 0; i < state.name.Length; i++)
            {
                span[i + offset] = IsAllowed(state.name[i], state.allowColon) ? state.name[i] : '_';
            }
        });
    }

    private static bool IsAllowed(char c, bool allowColon) => char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
}
