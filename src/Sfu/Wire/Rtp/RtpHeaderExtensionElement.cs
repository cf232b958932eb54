namespace Sfu.Wire.Rtp;

/// <summary>One element of an RFC 8285 header extension block, as found by <see cref="RtpHeaderExtensionEnumerator"/>.</summary>
public readonly ref struct RtpHeaderExtensionElement
{
    internal RtpHeaderExtensionElement(int id, int idOffset, int valueOffset, ReadOnlySpan<byte> value)
    {
        Id = id;
        IdOffset = idOffset;
        ValueOffset = valueOffset;
        Value = value;
    }

    /// <summary>The local extension id (1-14 one-byte form, 1-255 two-byte form).</summary>
    public int Id { get; }

    /// <summary>Offset in the packet of the byte that carries the id (used to rewrite ids in place).</summary>
    public int IdOffset { get; }

    /// <summary>Offset in the packet of the value's first byte (used to rewrite values in place).</summary>
    public int ValueOffset { get; }

    /// <summary>The element's data (may be empty in the two-byte form).</summary>
    public ReadOnlySpan<byte> Value { get; }
}
