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
    private EchoSetup? _setup;

    public EchoHarness(Sfu.Crypto.Srtp.SrtpProfile profile)
    {
        _worker = new MediaWorker(0, new IPEndPoint(IPAddress.Loopback, 0), TimeProvider.System);
        Certificate = DtlsCertificate.CreateSelfSigned();
        _dispatcher = new DatagramDispatcher(_table);
        Context = new PortContext(_worker.Socket, _table, new DtlsSessionFactory(Certificate, options: new DtlsHandshakeOptions { SrtpProfiles = [profile] }), _worker, TimeSpan.FromSeconds(30));
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

    /// <summary>
    /// Gives the transport the browser's ICE credentials and fingerprint and starts echoing: handed to the worker thread,
    /// which owns the transport, at its next tick.
    /// </summary>
    public Task ConfigureAsync(string remoteUfrag, string remotePwd, string remoteFingerprint, uint echoSourceSsrc, uint echoSsrc)
    {
        var setup = new EchoSetup(remoteUfrag, remotePwd, remoteFingerprint, echoSourceSsrc, echoSsrc);
        Volatile.Write(ref _setup, setup);
        return setup.Applied.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    void IDatagramHandler.OnDatagram(Span<byte> datagram, System.Net.SocketAddress from, long nowTicks) =>
        _dispatcher.Dispatch(datagram, from, nowTicks);

    void IDatagramHandler.OnTick(long nowTicks)
    {
        if (Interlocked.Exchange(ref _setup, null) is { } setup)
        {
            Transport.SetRemoteIce(setup.RemoteUfrag, setup.RemotePwd);
            Transport.RemoteFingerprint = setup.RemoteFingerprint;
            EchoSourceSsrc = setup.EchoSourceSsrc;
            EchoSsrc = setup.EchoSsrc;
            setup.Applied.TrySetResult();
        }

        Transport.Tick(nowTicks);
    }

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

    private sealed record EchoSetup(string RemoteUfrag, string RemotePwd, string RemoteFingerprint, uint EchoSourceSsrc, uint EchoSsrc)
    {
        public TaskCompletionSource Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
