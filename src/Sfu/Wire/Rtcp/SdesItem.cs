namespace Sfu.Wire.Rtcp;

/// <summary>One SDES item: type, then up to 255 bytes of UTF-8 text (RFC 3550 section 6.5).</summary>
public readonly ref struct SdesItem
{
    internal SdesItem(SdesItemType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The item type (values outside <see cref="SdesItemType"/>'s names are kept as numbers).</summary>
    public SdesItemType Type { get; }

    /// <summary>The item text, UTF-8, not null-terminated.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
