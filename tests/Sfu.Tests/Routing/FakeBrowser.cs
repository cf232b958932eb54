using System.Collections.Concurrent;
using System.Net;
using Sfu.Crypto.Srtp;
using Sfu.Dtls;
using Sfu.Ice;
using Sfu.Negotiation;
using Sfu.Routing;
using Sfu.Tests.Negotiation;
using Sfu.Transport;
using Sfu.Wire.Sdp;

namespace Sfu.Tests.Routing;

/// <summary>
/// The browser end of one participant's transport, without sockets: it completes ICE (a binding request) and a real
/// DTLS handshake as client, then protects what it sends with SRTP and records, decrypted, every RTP and RTCP packet
/// the server sends it. Connecting and sending run on the test thread; only DTLS records arrive on handshake threads.
/// </summary>
internal sealed class FakeBrowser
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.CreateSelfSigned();

    private readonly RoutingHarness _harness;
    private readonly ConcurrentQueue<byte[]> _toServer = new();
    private readonly List<byte[]> _beforeKeys = [];
    private IceCredentials? _ice;
    private DtlsHandshake? _dtls;
    private Task<DtlsHandshakeResult>? _handshake;
    private SrtpSession? _srtp;
    private int _stunResponses;

    public FakeBrowser(RoutingHarness harness, Participant participant, RecordingObserver observer, SocketAddress address)
    {
        _harness = harness;
        Participant = participant;
        Observer = observer;
        Address = address;
    }

    public Participant Participant { get; }

    public RecordingObserver Observer { get; }

    public string Id => Participant.ParticipantId;

    public SocketAddress Address { get; }

    /// <summary>The last offer this browser published with (<see cref="Publish(SessionDescription)"/>); its answers keep these sources.</summary>
    public SessionDescription? Published { get; private set; }

    /// <summary>False stops the consent checks the harness sends every few seconds, so ICE consent expires.</summary>
    public bool SendsConsentChecks { get; set; } = true;

    public long LastConsentCheckTicks { get; private set; }

    public bool IsConnected => _srtp is not null && Participant.Transport.State == TransportState.Connected;

    public int StunResponses => Volatile.Read(ref _stunResponses);

    /// <summary>Datagrams that did not decrypt; a correct server sends none.</summary>
    public int UndecryptableDatagrams { get; private set; }

    public List<ReceivedRtp> Rtp { get; } = [];

    public List<ReceivedRtcp> Rtcp { get; } = [];

    public void Publish(SessionDescription offer)
    {
        Published = offer;
        NegotiationResult result = Participant.ApplyOffer(offer);
        Assert.True(result.Succeeded, result.Error);
    }

    public void Publish(uint ssrcBase) => Publish(RoutingHarness.ChromeOffer(Id, ssrcBase));

    /// <summary>
    /// Answers the newest server offer like a browser would: every direction reversed, its own ICE credentials kept,
    /// and on the lines it publishes the msid and SSRCs of the offer it published with.
    /// </summary>
    /// <param name="edit">Changes the answer before it is applied (a browser that lacks a codec, say).</param>
    public void AnswerLatestOffer(Action<SessionDescription>? edit = null)
    {
        Assert.NotEmpty(Observer.Offers);
        Assert.True(SessionDescription.TryParse(Observer.Offers[^1], out SessionDescription? offer, out string? error), error);
        SessionDescription answer = NegotiationFixtures.BrowserAnswer(offer!, media => (media.Direction ?? SdpDirection.SendRecv).Reverse());
        string? ufrag = Participant.Transport.Ice.RemoteUfrag;
        string? pwd = Participant.Transport.Ice.RemotePwd;
        foreach (MediaDescription media in answer.Media)
        {
            if (ufrag is not null && pwd is not null && !media.IsRejected)
            {
                media.IceUfrag = ufrag;
                media.IcePwd = pwd;
            }

            if (media.Direction is { } direction && direction.Sends() && Published?.FindMedia(media.Mid!) is { } published)
            {
                media.Msids.Clear();
                media.Msids.AddRange(published.Msids);
                media.Ssrcs.Clear();
                media.Ssrcs.AddRange(published.Ssrcs);
                media.SsrcGroups.Clear();
                media.SsrcGroups.AddRange(published.SsrcGroups);
            }
        }

        edit?.Invoke(answer);
        NegotiationResult result = Participant.ApplyAnswer(answer);
        Assert.True(result.Succeeded, result.Error);
    }

    /// <summary>Starts ICE and DTLS; <see cref="RoutingHarness.Connect"/> pumps until both ends hold SRTP keys.</summary>
    internal void StartConnecting()
    {
        WebRtcTransport transport = Participant.Transport;
        Assert.True(transport.Ice.HasRemote, $"{Id}: negotiate (offer or answer) before connecting, the transport needs the browser's ICE credentials");
        _ice = new IceCredentials(transport.Ice.RemoteUfrag!, transport.Ice.RemotePwd!);
        _ice.SetRemote(transport.Ice.LocalUfrag, transport.Ice.LocalPwd);
        transport.RemoteFingerprint = Certificate.Sha256Fingerprint;
        SendConsentCheck(useCandidate: true);
        Assert.Equal(TransportState.IceConnected, transport.State);
        var channel = new DtlsDatagramChannel(datagram => _toServer.Enqueue(datagram.ToArray()));
        _dtls = new DtlsHandshake(DtlsRole.Client, Certificate, RoutingHarness.ServerCertificate.Sha256Fingerprint, channel);
        _handshake = _dtls.RunAsync();
    }

    /// <summary>Feeds queued client DTLS records to the server; true once both sides completed the handshake.</summary>
    internal bool PumpConnecting()
    {
        FlushDtls();
        if (_srtp is not null || _handshake is null || !_handshake.IsCompleted)
        {
            return _srtp is not null;
        }

        DtlsHandshakeResult result = _handshake.GetAwaiter().GetResult();
        if (Participant.Transport.State != TransportState.Connected)
        {
            return false;
        }

        _srtp = SrtpSession.CreateFromDtls(result.Profile, result.KeyingMaterial, isServer: false);
        foreach (byte[] early in _beforeKeys)
        {
            Decrypt(early);
        }

        _beforeKeys.Clear();
        return true;
    }

    /// <summary>Sends queued client DTLS records (close_notify, retransmissions) to the server.</summary>
    internal void FlushDtls()
    {
        while (_toServer.TryDequeue(out byte[]? datagram))
        {
            _harness.Deliver(datagram, Address);
        }
    }

    internal void SendConsentCheck(bool useCandidate = false)
    {
        Assert.NotNull(_ice);
        var client = new IceClient(_ice);
        byte[] buffer = new byte[256];
        byte[] transaction = new byte[12];
        IceClient.NewTransactionId(transaction);
        int length = client.WriteBindingRequest(buffer, transaction, priority: 1234, useCandidate);
        Assert.True(length > 0);
        LastConsentCheckTicks = _harness.Now;
        _harness.Deliver(buffer[..length], Address);
    }

    /// <summary>Ends DTLS with close_notify, as a browser closing its RTCPeerConnection does.</summary>
    public void CloseDtls()
    {
        _dtls?.Close();
        FlushDtls();
    }

    /// <summary>Protects one plain RTP packet with this browser's SRTP keys and delivers it to the server at the harness time.</summary>
    public void SendRtp(ReadOnlySpan<byte> packet) => Send(packet, isRtcp: false);

    /// <summary>Protects one plain RTCP compound packet and delivers it to the server.</summary>
    public void SendRtcp(ReadOnlySpan<byte> packet) => Send(packet, isRtcp: true);

    public void ClearReceived()
    {
        Rtp.Clear();
        Rtcp.Clear();
    }

    /// <summary>Everything the server sent, by message: SRs, RRs, PLIs... flattened out of the compound packets.</summary>
    public IEnumerable<T> RtcpMessages<T>() => Rtcp.SelectMany(packet => packet.Messages.OfType<T>());

    public IEnumerable<ReceivedRtp> RtpOn(uint ssrc) => Rtp.Where(packet => packet.Ssrc == ssrc);

    private void Send(ReadOnlySpan<byte> packet, bool isRtcp)
    {
        SrtpSession srtp = _srtp ?? throw new InvalidOperationException(Id + " is not connected");
        byte[] buffer = new byte[packet.Length + SrtpSession.MaxRtcpOverhead];
        packet.CopyTo(buffer);
        SrtpStatus status = isRtcp
            ? srtp.ProtectRtcp(buffer, packet.Length, out int length)
            : srtp.ProtectRtp(buffer, packet.Length, out length);
        Assert.Equal(SrtpStatus.Ok, status);
        _harness.Deliver(buffer[..length], Address);
    }

    /// <summary>A datagram the server sent to this browser's address (from the test thread, or a DTLS thread for DTLS).</summary>
    internal void Receive(ReadOnlySpan<byte> datagram)
    {
        switch (PacketDemux.Classify(datagram))
        {
            case PacketClass.Stun:
                Interlocked.Increment(ref _stunResponses);
                break;
            case PacketClass.Dtls:
                _dtls?.Channel.EnqueueIncoming(datagram);
                break;
            case PacketClass.Rtp:
            case PacketClass.Rtcp:
                if (_srtp is null)
                {
                    _beforeKeys.Add(datagram.ToArray());
                }
                else
                {
                    Decrypt(datagram.ToArray());
                }

                break;
        }
    }

    private void Decrypt(byte[] datagram)
    {
        bool isRtcp = PacketDemux.Classify(datagram) == PacketClass.Rtcp;
        SrtpStatus status = isRtcp
            ? _srtp!.UnprotectRtcp(datagram, datagram.Length, out int length)
            : _srtp!.UnprotectRtp(datagram, datagram.Length, out length);
        if (status != SrtpStatus.Ok)
        {
            UndecryptableDatagrams++;
            return;
        }

        if (isRtcp)
        {
            Rtcp.Add(new ReceivedRtcp(datagram[..length], _harness.Now));
        }
        else
        {
            Rtp.Add(new ReceivedRtp(datagram[..length], _harness.Now));
        }
    }
}
