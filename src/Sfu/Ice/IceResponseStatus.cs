namespace Sfu.Ice;

/// <summary>What <see cref="IceClient.CheckResponse"/> found in an answer to one of our Binding requests.</summary>
public enum IceResponseStatus
{
    /// <summary>An authenticated Binding success response to our transaction.</summary>
    Success,

    /// <summary>A Binding error response to our transaction; the code is reported separately.</summary>
    ErrorResponse,

    /// <summary>Not valid STUN, a bad FINGERPRINT, or an error response without ERROR-CODE.</summary>
    Malformed,

    /// <summary>STUN, but not a Binding response.</summary>
    NotAResponse,

    /// <summary>A response to some other transaction.</summary>
    TransactionMismatch,

    /// <summary>MESSAGE-INTEGRITY missing (on a success) or not matching the remote pwd.</summary>
    BadIntegrity,
}
