namespace Sfu.Wire.Stun;

/// <summary>The class encoded in the C1 (bit 8) and C0 (bit 4) bits of the message type (RFC 5389 section 6).</summary>
public enum StunMessageClass : byte
{
    /// <summary>C1=0, C0=0.</summary>
    Request = 0b00,

    /// <summary>C1=0, C0=1.</summary>
    Indication = 0b01,

    /// <summary>C1=1, C0=0.</summary>
    SuccessResponse = 0b10,

    /// <summary>C1=1, C0=1.</summary>
    ErrorResponse = 0b11,
}
