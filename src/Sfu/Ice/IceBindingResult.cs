namespace Sfu.Ice;

/// <summary>What <see cref="IceBindingResponder"/> decided about one received packet.</summary>
public enum IceBindingResult
{
    /// <summary>A valid check: a success response was written; consent is refreshed.</summary>
    Ok,

    /// <summary>Not a well-formed STUN message or a bad FINGERPRINT; nothing is written.</summary>
    Malformed,

    /// <summary>USERNAME is not "ourUfrag:..."; nothing is written.</summary>
    UnknownUsername,

    /// <summary>MESSAGE-INTEGRITY did not verify with our pwd (a 401 case); nothing is written.</summary>
    BadIntegrity,

    /// <summary>The peer also claims to be controlled; a 487 response was written.</summary>
    RoleConflict,

    /// <summary>Authenticated, but with comprehension-required attributes we do not know; a 420 response was written.</summary>
    UnknownAttributes,

    /// <summary>STUN, but not a Binding request (a response, an indication or another method); nothing is written.</summary>
    NotARequest,

    /// <summary>A Binding request without USERNAME or MESSAGE-INTEGRITY; nothing is written (no 400: see the responder).</summary>
    Unauthenticated,
}
