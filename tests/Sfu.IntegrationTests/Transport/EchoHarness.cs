using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Sfu.Dtls;
using Sfu.Engine;
using Sfu.Transport;
using Sfu.Wire.Rtcp;
using Sfu.Wire.Rtp;

namespace Sfu.IntegrationTests.Transport;

/// <summary>
/// The transport layer alone on a real UDP port, with an application that counts what it decrypts per SSRC
/// and sends one chosen stream back to the same peer on a new SSRC (an echo). No routing, no signaling:
/// this is what issue "WebRTC media transport" proves end to end.
/// </summary>
internal sealed class EchoHarness : IDatagramHandler, ITransportListener, IDisposable
{
    private readonly MediaWorker _worker;
    private readonly TransportTable _table = new();
    private readonly DatagramDispatcher _dispatcher;
    private readonly byte[] _scratch = new byte[2048];

    public EchoHarness(Sfu.Crypto.Srtp.SrtpProfile profile)
    {
        _worker = new MediaWorker(new IPEndPoint(IPAddress.Loopback, 0), TimeProvider.System, "echo-worker");
        Certificate = DtlsCertificate.CreateSelfSigned();
        _dispatcher = new DatagramDispatcher(_table);
        Context = new PortContext(_worker.Socket, _table, new DtlsSessionFactory(Certificate, options: new DtlsHandshakeOptions { SrtpProfiles = [profile] }), _worker.Post, TimeSpan.FromSeconds(30));
        // The worker thread is not running yet, so this thread may still touch its state.
        Transport = new WebRtcTransport(Context, this, "echo");
        _table.Add(transport: Transport);
        _worker.Start(this);
    }

    public DtlsCertificate Certificate { get; }

    public PortContext Context { get; }

    public WebRtcTransport Transport { get; }

    public IPEndPoint EndPoint => _worker.Socket.LocalEndPoint;

    public ConcurrentDictionary<uint, int> RtpPacketsBySsrc { get; } = new();

    public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Packets of this SSRC are sent back with <see cref="EchoSsrc"/>.</summary>
    public uint EchoSourceSsrc { get; set; }

    public uint EchoSsrc { get; set; }

    public int EchoedPackets;

    public void Run(Action action) => _worker.InvokeAsync(() =>
    {
        action();
        return true;
    }).Wait();

    void IDatagramHandler.OnDatagram(Span<byte> datagram, byte[] capacity, System.Net.SocketAddress from, long nowTicks) =>
        _dispatcher.Dispatch(datagram, from, nowTicks);

    void IDatagramHandler.OnTick(long nowTicks) => Transport.Tick(nowTicks);

    public void OnTransportConnected(WebRtcTransport transport) => Connected.TrySetResult();

    public void OnRtp(WebRtcTransport transport, Span<byte> packet, long nowTicks)
    {
        if (!RtpHeader.TryRead(packet, out RtpHeader header))
        {
            return;
        }

        RtpPacketsBySsrc.AddOrUpdate(header.Ssrc, 1, (_, count) => count + 1);
        if (EchoSsrc != 0 && header.Ssrc == EchoSourceSsrc)
        {
            int length = header.HeaderLength + header.PayloadLength;
            packet[..length].CopyTo(_scratch);
            RtpHeader.WriteSsrc(_scratch, EchoSsrc);
            if (transport.SendRtp(_scratch, length))
            {
                Interlocked.Increment(ref EchoedPackets);
            }
        }
    }

    public void OnRtcp(WebRtcTransport transport, Span<byte> packet, long nowTicks)
    {
        // The browser asks for keyframes of the echoed stream: pass the request on to its own sender.
        var packets = new RtcpCompoundEnumerator(packet);
        while (packets.MoveNext())
        {
            if (packets.Current.PacketType == RtcpPacketType.PayloadFeedback && PictureLossIndication.TryRead(packets.Current.Data, out PictureLossIndication pli) && pli.MediaSsrc == EchoSsrc)
            {
                int length = PictureLossIndication.Write(_scratch, 1, EchoSourceSsrc);
                transport.SendRtcp(_scratch, length);
            }
        }
    }

    public void OnTransportClosed(WebRtcTransport transport, string reason)
    {
        Connected.TrySetException(new InvalidOperationException("transport closed: " + reason));
    }

    public void Dispose() => _worker.Dispose();
}
