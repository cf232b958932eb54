namespace Sfu.Client;

/// <summary>Receives what a <see cref="ClientTransport"/> decrypted. Calls never overlap (the transport's receive lock is held).</summary>
public interface IClientTransportListener
{
    /// <summary>One authenticated, decrypted RTP packet; only valid during the call.</summary>
    void OnRtp(ReadOnlySpan<byte> packet);

    /// <summary>One authenticated, decrypted RTCP compound packet; only valid during the call.</summary>
    void OnRtcp(ReadOnlySpan<byte> compound);
}
