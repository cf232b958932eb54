using System.Net;
using Sfu.Diagnostics;
using Sfu.Ice;
using Sfu.Wire.Stun;

namespace Sfu.Transport;

/// <summary>
/// The first stop of every datagram on the shared port: RFC 7983 demux, then the owning transport by
/// address. A new address is accepted only through a STUN binding request whose USERNAME names a known
/// local ufrag and whose MESSAGE-INTEGRITY verifies (the transport checks the latter).
/// </summary>
public sealed class DatagramDispatcher(TransportTable transports)
{
    public void Dispatch(Span<byte> datagram, SocketAddress from, long nowTicks)
    {
        PacketClass packetClass = PacketDemux.Classify(datagram);
        if (packetClass == PacketClass.Unknown || !SocketAddressKey.TryCreate(from, out SocketAddressKey key))
        {
            SfuMetrics.CountDrop(DropReason.Malformed);
            return;
        }

        if (!transports.TryGetByAddress(key, out WebRtcTransport? transport))
        {
            if (packetClass == PacketClass.Stun && TryFindByUsername(datagram, out transport))
            {
                transport!.HandleStun(datagram, from, key, nowTicks);
                return;
            }

            SfuMetrics.CountDrop(DropReason.UnknownSource);
            return;
        }

        switch (packetClass)
        {
            case PacketClass.Stun:
                transport!.HandleStun(datagram, from, key, nowTicks);
                break;
            case PacketClass.Dtls:
                transport!.HandleDtls(datagram);
                break;
            case PacketClass.Rtp:
                transport!.HandleSrtp(datagram, isRtcp: false, nowTicks);
                break;
            case PacketClass.Rtcp:
                transport!.HandleSrtp(datagram, isRtcp: true, nowTicks);
                break;
        }
    }

    private bool TryFindByUsername(ReadOnlySpan<byte> datagram, out WebRtcTransport? transport)
    {
        transport = null;
        return StunMessage.TryRead(datagram, out StunMessage message)
            && message.TryGetUsername(out ReadOnlySpan<byte> username)
            && IceUsername.TryParse(username, out ReadOnlySpan<byte> localUfrag, out _)
            && transports.TryGetByUfrag(localUfrag, out transport);
    }
}
