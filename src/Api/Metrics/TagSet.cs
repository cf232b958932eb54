using System.Globalization;

namespace Api.Metrics;

/// <summary>
/// The tags of one series, sorted by name so that the same tags in another order are the same series. It keeps
/// the original tag values, so a measurement's tags can be matched against it (<see cref="Matches"/>) without
/// formatting or allocating anything, and their label text for the exposition.
/// </summary>
internal sealed class TagSet
{
    private readonly string[] _keys;
    private readonly object?[] _values;

    private TagSet(string[] keys, object?[] values)
    {
        _keys = keys;
        _values = values;
        var labels = new KeyValuePair<string, string>[keys.Length];
        int hash = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            labels[i] = new(PrometheusNames.ForLabel(keys[i]), LabelText(values[i]));
            hash += PairHash(keys[i], values[i]);
        }

        Labels = labels;
        HashCode = hash;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    public int HashCode { get; }

    /// <summary>Copies a measurement's tags (a later tag of the same name wins). Runs once per new series.</summary>
    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var byKey = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            byKey[tag.Key] = tag.Value;
        }

        return new TagSet([.. byKey.Keys], [.. byKey.Values]);
    }

    /// <summary>Order-independent (a sum of per-tag hashes), so it agrees with <see cref="HashCode"/> for tags in any order.</summary>
    public static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        int hash = 0;
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            hash += PairHash(tag.Key, tag.Value);
        }

        return hash;
    }

    /// <summary>Whether the measurement's tags are exactly this set, in any order. Allocation-free.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Each tag must find a different key of ours, so duplicate names in the span cannot match a set without them.
        // Sets wider than 64 tags never match here and take the (allocating, still correct) slow path instead.
        if (tags.Length != _keys.Length || tags.Length > 64)
        {
            return false;
        }

        ulong seen = 0;
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            int index = Array.IndexOf(_keys, tag.Key);
            if (index < 0 || (seen & (1UL << index)) != 0 || !Equals(_values[index], tag.Value))
            {
                return false;
            }

            seen |= 1UL << index;
        }

        return true;
    }

    /// <summary>The label names, sorted.</summary>
    public string[] LabelNames()
    {
        var names = new string[Labels.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = Labels[i].Key;
        }

        return names;
    }

    /// <summary>The value of the label <paramref name="name"/>, empty when this set has no such label.</summary>
    public string LabelValue(string name)
    {
        foreach (KeyValuePair<string, string> label in Labels)
        {
            if (string.Equals(label.Key, name, StringComparison.Ordinal))
            {
                return label.Value;
            }
        }

        return string.Empty;
    }

    public bool SameAs(TagSet other)
    {
        if (other._keys.Length != _keys.Length)
        {
            return false;
        }

        for (int i = 0; i < _keys.Length; i++)
        {
            if (!string.Equals(_keys[i], other._keys[i], StringComparison.Ordinal) || !Equals(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int PairHash(string key, object? value) =>
        System.HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value?.GetHashCode() ?? 0);

    private static string LabelText(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>
/// Lets a series dictionary be searched with a measurement's tag span directly (a .NET 9 alternate lookup),
/// so recording into an existing series allocates nothing.
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    public bool Equals(TagSet? x, TagSet? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.SameAs(y));

    public int GetHashCode(TagSet obj) => obj.HashCode;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => other.Matches(alternate);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Hash(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Create(alternate);
}
