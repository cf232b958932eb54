namespace Sfu.Wire.Stun;

/// <summary>
/// STUN message types we send or answer (RFC 5389 section 6 and 18.1). The 14 type bits interleave
/// the method (12 bits) and the class (C1 at bit 8, C0 at bit 4); these are the Binding combinations.
/// Other values read off the wire are carried through unchanged.
/// </summary>
public enum StunMessageType : ushort
{
    /// <summary>Binding request (method 0x001, class request).</summary>
    BindingRequest = 0x0001,

    /// <summary>Binding indication (method 0x001, class indication); used as a keepalive, never answered.</summary>
    BindingIndication = 0x0011,

    /// <summary>Binding success response (method 0x001, class success response).</summary>
    BindingSuccessResponse = 0x0101,

    /// <summary>Binding error response (method 0x001, class error response).</summary>
    BindingErrorResponse = 0x0111,
}
