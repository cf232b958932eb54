namespace Sfu.Wire.Stun;

/// <summary>One attribute as it sits in the message: its type and its unpadded value.</summary>
public readonly ref struct StunAttribute
{
    /// <summary>Creates a view of one attribute.</summary>
    public StunAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The attribute type (see <see cref="StunAttributeType"/>).</summary>
    public ushort Type { get; }

    /// <summary>The value without its padding.</summary>
    public ReadOnlySpan<byte> Value { get; }
}
