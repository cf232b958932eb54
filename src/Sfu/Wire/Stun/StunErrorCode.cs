namespace Sfu.Wire.Stun;

/// <summary>ERROR-CODE values we send (RFC 5389 section 15.6, RFC 8445 section 7.3.1.1).</summary>
public static class StunErrorCode
{
    /// <summary>400: the request was malformed (for example a Binding request without USERNAME or MESSAGE-INTEGRITY).</summary>
    public const int BadRequest = 400;

    /// <summary>401: the request did not carry valid credentials.</summary>
    public const int Unauthorized = 401;

    /// <summary>420: the request had comprehension-required attributes we do not understand.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>487: both agents claim the same ICE role.</summary>
    public const int RoleConflict = 487;

    /// <summary>Reason phrase for <see cref="BadRequest"/>, as UTF-8.</summary>
    public static ReadOnlySpan<byte> BadRequestReason => "Bad Request"u8;

    /// <summary>Reason phrase for <see cref="Unauthorized"/>, as UTF-8.</summary>
    public static ReadOnlySpan<byte> UnauthorizedReason => "Unauthorized"u8;

    /// <summary>Reason phrase for <see cref="UnknownAttribute"/>, as UTF-8.</summary>
    public static ReadOnlySpan<byte> UnknownAttributeReason => "Unknown Attribute"u8;

    /// <summary>Reason phrase for <see cref="RoleConflict"/>, as UTF-8.</summary>
    public static ReadOnlySpan<byte> RoleConflictReason => "Role Conflict"u8;
}
