namespace Sfu.Dtls;

/// <summary>A DTLS handshake failed; <see cref="Reason"/> says why in a form fit for a metric label.</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException(DtlsFailureReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the handshake failed.</summary>
    public DtlsFailureReason Reason { get; }
}
