namespace Sfu.Transport;

/// <summary>What a <see cref="WebRtcTransport"/> reports to its owner. All calls arrive on the media worker thread.</summary>
public interface ITransportListener
{
    /// <summary>DTLS completed and SRTP keys are in place: media may flow both ways.</summary>
    void OnTransportConnected(WebRtcTransport transport);

    /// <summary>A decrypted RTP packet.</summary>
    void OnRtp(WebRtcTransport transport, Span<byte> packet, long nowTicks);

    /// <summary>A decrypted RTCP compound packet.</summary>
    void OnRtcp(WebRtcTransport transport, Span<byte> packet, long nowTicks);

    /// <summary>The transport is gone (consent expired, DTLS failed or closed); it will deliver nothing more.</summary>
    void OnTransportClosed(WebRtcTransport transport, string reason);
}
