namespace Sfu.Dtls;

/// <summary>Which side of the DTLS handshake we play (SDP a=setup, RFC 5763 section 5: passive = server).</summary>
public enum DtlsRole
{
    /// <summary>Waits for the ClientHello (a=setup:passive). The SFU's usual role.</summary>
    Server,

    /// <summary>Sends the ClientHello (a=setup:active).</summary>
    Client,
}
