using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Prometheus;

namespace Signaling.Tests.Metrics;

/// <summary>Reads a registry the way Prometheus does: its text exposition, and the value of one sample line in it.</summary>
internal static class Exposition
{
    public static async Task<string[]> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
    }

    /// <summary>The value of the sample line that starts with <paramref name="series"/> (name and labels, as exposed), or null.</summary>
    public static double? ValueOf(IEnumerable<string> lines, string series)
    {
        var pattern = new Regex("^" + Regex.Escape(series) + " (\\S+)$");
        foreach (string line in lines)
        {
            Match match = pattern.Match(line);
            if (match.Success)
            {
                return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
