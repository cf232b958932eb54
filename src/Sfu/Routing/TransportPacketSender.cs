using Sfu.Transport;

namespace Sfu.Routing;

/// <summary>Sends RTP and RTCP for one participant through its <see cref="WebRtcTransport"/> (which protects with SRTP).</summary>
internal sealed class TransportPacketSender(WebRtcTransport transport) : IParticipantSender
{
    /// <summary>The sender every participant uses unless a test hands it another.</summary>
    public static readonly Func<WebRtcTransport, IParticipantSender> Create = static transport => new TransportPacketSender(transport);

    public bool IsReady => transport.State == TransportState.Connected;

    public bool SendRtp(Span<byte> packet, int length) => transport.SendRtp(packet, length);

    public bool SendRtcp(Span<byte> packet, int length) => transport.SendRtcp(packet, length);

    public void ReleaseSsrc(uint ssrc) => transport.ForgetLocalSsrc(ssrc);

    public void ReleaseReceivedSsrc(uint ssrc) => transport.ForgetRemoteSsrc(ssrc);
}
