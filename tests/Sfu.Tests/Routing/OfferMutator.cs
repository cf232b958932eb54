using System.Globalization;
using System.Text;

namespace Sfu.Tests.Routing;

/// <summary>
/// Mutates a real browser description the ways broken or hostile clients do: lines dropped, duplicated, swapped or
/// shuffled, values made very long, odd characters spliced in, numbers replaced by huge or negative ones. Deterministic
/// for a given <see cref="Random"/>, so a failing seed reproduces.
/// </summary>
internal static class OfferMutator
{
    private static readonly string[] OddValues =
    [
        "", " ", "\u0000", "\u00e9\u00e9\u00e9\u00e9", "~~~~", "::::", "a b c", "-1", "0", "4294967295", "4294967296",
        "18446744073709551616", "99999999999999999999999999", "2147483648", "65536", "128", "255", "NaN", "1e309",
    ];

    public static string Mutate(string sdp, Random random)
    {
        var lines = new List<string>(sdp.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        int mutations = 1 + random.Next(4);
        for (int m = 0; m < mutations && lines.Count > 1; m++)
        {
            int at = random.Next(lines.Count);
            switch (random.Next(8))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    (lines[at], lines[random.Next(lines.Count)]) = (lines[random.Next(lines.Count)], lines[at]);
                    break;
                case 3:
                    Shuffle(lines, random);
                    break;
                case 4:
                    lines[at] = ReplaceValue(lines[at], new string((char)('a' + random.Next(26)), 1 + random.Next(3000)), random);
                    break;
                case 5:
                    lines[at] = ReplaceValue(lines[at], OddValues[random.Next(OddValues.Length)], random);
                    break;
                case 6:
                    lines[at] = ReplaceNumber(lines[at], random);
                    break;
                default:
                    lines[at] = lines[at].Insert(random.Next(lines[at].Length + 1), OddValues[random.Next(OddValues.Length)]);
                    break;
            }
        }

        return string.Join("\r\n", lines) + "\r\n";
    }

    /// <summary>Swaps lines within one section only, so the description stays close enough to parse most of the time.</summary>
    private static void Shuffle(List<string> lines, Random random)
    {
        int start = lines.FindLastIndex(random.Next(lines.Count), line => line.StartsWith("m=", StringComparison.Ordinal)) + 1;
        int end = lines.FindIndex(start, line => line.StartsWith("m=", StringComparison.Ordinal));
        end = end < 0 ? lines.Count : end;
        for (int i = end - 1; i > start; i--)
        {
            int j = start + random.Next(i - start + 1);
            (lines[i], lines[j]) = (lines[j], lines[i]);
        }
    }

    /// <summary>Replaces the text after the line's first ':' (or '=') or one of its space-separated tokens.</summary>
    private static string ReplaceValue(string line, string value, Random random)
    {
        string[] tokens = line.Split(' ');
        if (tokens.Length > 1 && random.Next(2) == 0)
        {
            tokens[random.Next(1, tokens.Length)] = value;
            return string.Join(' ', tokens);
        }

        int colon = line.IndexOf(':', StringComparison.Ordinal);
        int cut = colon > 0 ? colon + 1 : Math.Min(2, line.Length);
        return line[..cut] + value;
    }

    private static string ReplaceNumber(string line, Random random)
    {
        var digits = new List<(int Start, int Length)>();
        for (int i = 0; i < line.Length; i++)
        {
            if (char.IsAsciiDigit(line[i]))
            {
                int start = i;
                while (i < line.Length && char.IsAsciiDigit(line[i]))
                {
                    i++;
                }

                digits.Add((start, i - start));
            }
        }

        if (digits.Count == 0)
        {
            return line;
        }

        (int at, int length) = digits[random.Next(digits.Count)];
        string number = random.Next(5) switch
        {
            0 => "0",
            1 => random.NextInt64().ToString(CultureInfo.InvariantCulture),
            2 => ((uint)random.Next() * 3u).ToString(CultureInfo.InvariantCulture),
            3 => new StringBuilder().Append('9', 1 + random.Next(40)).ToString(),
            _ => random.Next(256).ToString(CultureInfo.InvariantCulture),
        };
        return line[..at] + number + line[(at + length)..];
    }
}
