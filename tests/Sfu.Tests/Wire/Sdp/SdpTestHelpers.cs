using Sfu.Wire.Sdp;

namespace Sfu.Tests.Wire.Sdp;

internal static class SdpTestHelpers
{
    public static SessionDescription Parse(string text)
    {
        Assert.True(SessionDescription.TryParse(text, out var sdp, out var error), error);
        Assert.Null(error);
        return sdp!;
    }

    /// <summary>Non-blank lines without trailing whitespace, sorted: the multiset a lossless round trip keeps.</summary>
    public static List<string> SortedLines(string text)
    {
        var lines = new List<string>();
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed.Length > 0)
            {
                lines.Add(trimmed);
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static string[] Lines(string text) => text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
}
