namespace Sfu.Wire.Stun;

/// <summary>
/// STUN attribute type codes: RFC 5389 section 18.2, RFC 8489 section 18.3, RFC 8445 section 16.1.
/// Types below 0x8000 are comprehension-required, the rest comprehension-optional.
/// </summary>
public static class StunAttributeType
{
    /// <summary>MAPPED-ADDRESS (RFC 5389 15.1).</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>USERNAME (RFC 5389 15.3).</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY, HMAC-SHA1 (RFC 5389 15.4).</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE (RFC 5389 15.6).</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 5389 15.9).</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>REALM (RFC 5389 15.7).</summary>
    public const ushort Realm = 0x0014;

    /// <summary>NONCE (RFC 5389 15.8).</summary>
    public const ushort Nonce = 0x0015;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (RFC 8489 14.6).</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>PASSWORD-ALGORITHM (RFC 8489 14.12).</summary>
    public const ushort PasswordAlgorithm = 0x001D;

    /// <summary>USERHASH (RFC 8489 14.4).</summary>
    public const ushort UserHash = 0x001E;

    /// <summary>XOR-MAPPED-ADDRESS (RFC 5389 15.2).</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>PRIORITY (RFC 8445 16.1).</summary>
    public const ushort Priority = 0x0024;

    /// <summary>USE-CANDIDATE (RFC 8445 16.1).</summary>
    public const ushort UseCandidate = 0x0025;

    /// <summary>PASSWORD-ALGORITHMS (RFC 8489 14.11).</summary>
    public const ushort PasswordAlgorithms = 0x8002;

    /// <summary>ALTERNATE-DOMAIN (RFC 8489 14.16).</summary>
    public const ushort AlternateDomain = 0x8003;

    /// <summary>SOFTWARE (RFC 5389 15.10).</summary>
    public const ushort Software = 0x8022;

    /// <summary>ALTERNATE-SERVER (RFC 5389 15.11).</summary>
    public const ushort AlternateServer = 0x8023;

    /// <summary>FINGERPRINT (RFC 5389 15.5).</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>ICE-CONTROLLED (RFC 8445 16.1).</summary>
    public const ushort IceControlled = 0x8029;

    /// <summary>ICE-CONTROLLING (RFC 8445 16.1).</summary>
    public const ushort IceControlling = 0x802A;

    /// <summary>True for types 0x0000-0x7FFF, which an agent must understand or reject with 420 (RFC 5389 section 15).</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;
}
