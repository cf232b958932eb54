using System.Collections.Concurrent;
using System.Net;
using Sfu.Client;
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
/// The browser end of one harness participant, scripted by the test: it publishes hand-written offers
/// (<see cref="RoutingHarness.ChromeOffer"/>), answers the server's newest offer with
/// <see cref="NegotiationFixtures.BrowserAnswer"/>, and records every RTP and RTCP packet it receives. All protocol
/// work (ICE checks, the DTLS client handshake, SRTP, demultiplexing) is the client stack's sans-I/O
/// <see cref="ClientTransport"/>; in place of a socket, what it sends is queued and delivered to the server's
/// dispatcher on the test thread at harness time (<see cref="Flush"/>), and what the server sends comes in through
/// <see cref="Receive"/>. Only DTLS records are written and received on handshake threads.
/// </summary>
internal sealed class ScriptedBrowser : IClientDatagramSender, IClientTransportListener
{
    private static readonly DtlsCertificate Certificate = DtlsCertificate.CreateSelfSigned();

    private readonly RoutingHarness _harness;
    private readonly ConcurrentQueue<byte[]> _toServer = new();
    private readonly ClientTransport _transport;
    private ServerTransport? _server;

    public ScriptedBrowser(RoutingHarness harness, Participant participant, RecordingObserver observer, SocketAddress address)
    {
        _harness = harness;
        Participant = participant;
        Observer = observer;
        Address = address;
        _transport = new ClientTransport(IceCredentials.CreateLocal(), Certificate, this, this, new ClientTransportOptions
        {
            TicksPerSecond = TimeSpan.TicksPerSecond,
            // The server may send (a PLI, say) between its end of the handshake and ours; keep that, as the tests count it.
            MaxHeldBeforeKeys = 256,
        });
    }

    public Participant Participant { get; }

    public RecordingObserver Observer { get; }

    public string Id => Participant.ParticipantId;

    public SocketAddress Address { get; }

    /// <summary>The last offer this browser published with (<see cref="Publish(SessionDescription)"/>); its answers keep these sources.</summary>
    public SessionDescription? Published { get; private set; }

    /// <summary>False stops the consent checks the transport sends every few seconds, so ICE consent expires.</summary>
    public bool SendsConsentChecks { get; set; } = true;

    /// <summary>True once this end holds SRTP keys (and decrypted what came early) and the server's transport is connected.</summary>
    public bool IsConnected => _transport.Connected.IsCompletedSuccessfully && Participant.Transport.State == TransportState.Connected;

    /// <summary>Datagrams that did not decrypt or were replays; a correct server sends none.</summary>
    public long UndecryptableDatagrams => _transport.UnprotectFailures + _transport.Replays;

    /// <summary>Datagrams whose SRTP authentication or format failed (replays excluded: a duplicate the publisher sent is forwarded again).</summary>
    public long UnprotectFailures => _transport.UnprotectFailures;

    public List<ReceivedRtp> Rtp { get; } = [];

    public List<ReceivedRtcp> Rtcp { get; } = [];

    public void Publish(SessionDescription offer)
    {
        WriteOwnTransport(offer);
        Published = offer;
        NegotiationResult result = Participant.ApplyOffer(offer);
        Assert.True(result.Succeeded, result.Error);
        LearnServer(result.Sdp!);
    }

    public void Publish(uint ssrcBase) => Publish(RoutingHarness.ChromeOffer(Id, ssrcBase));

    /// <summary>
    /// Answers the newest server offer like a browser would: every direction reversed, its own ICE credentials and
    /// fingerprint, and on the lines it publishes the msid and SSRCs of the offer it published with.
    /// </summary>
    /// <param name="edit">Changes the answer before it is applied (a browser that lacks a codec, say).</param>
    public void AnswerLatestOffer(Action<SessionDescription>? edit = null)
    {
        SessionDescription answer = CurrentDescription();
        edit?.Invoke(answer);
        NegotiationResult result = Participant.ApplyAnswer(answer);
        Assert.True(result.Succeeded, result.Error);
    }

    /// <summary>
    /// What this browser's local description would be after answering the newest server offer (see
    /// <see cref="AnswerLatestOffer"/>); with a=setup:actpass it is also what the browser re-offers.
    /// </summary>
    public SessionDescription CurrentDescription()
    {
        Assert.NotEmpty(Observer.Offers);
        LearnServer(Observer.Offers[^1]);
        Assert.True(SessionDescription.TryParse(Observer.Offers[^1], out SessionDescription? offer, out string? error), error);
        SessionDescription answer = NegotiationFixtures.BrowserAnswer(offer!, media => (media.Direction ?? SdpDirection.SendRecv).Reverse());
        WriteOwnTransport(answer);
        foreach (MediaDescription media in answer.Media)
        {
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

        return answer;
    }

    /// <summary>Sends the first ICE check; <see cref="RoutingHarness.Connect"/> pumps until both ends hold SRTP keys.</summary>
    internal void StartConnecting()
    {
        Assert.True(_server is not null, $"{Id}: negotiate (offer or answer) before connecting, the browser needs the server's ICE credentials");
        _transport.Start(_server, _harness.Now);
        SendDueChecks();
        Assert.Equal(TransportState.IceConnected, Participant.Transport.State);
    }

    /// <summary>Delivers queued DTLS records; true once both sides completed the handshake.</summary>
    internal bool PumpConnecting()
    {
        Flush();
        if (_transport.Connected.IsFaulted)
        {
            throw new InvalidOperationException(Id + ": DTLS failed", _transport.Connected.Exception);
        }

        return IsConnected;
    }

    /// <summary>Sends the ICE check that is due at harness time (the first one, or a consent check every few seconds).</summary>
    internal void SendDueChecks()
    {
        _transport.Poll(_harness.Now);
        Flush();
    }

    /// <summary>Delivers what the transport queued until now (DTLS records from the handshake thread among it) to the server.</summary>
    internal void Flush()
    {
        for (int queued = _toServer.Count; queued > 0 && _toServer.TryDequeue(out byte[]? datagram); queued--)
        {
            _harness.Deliver(datagram, Address);
        }
    }

    /// <summary>Ends DTLS with close_notify, as a browser closing its RTCPeerConnection does; what still arrives is recorded.</summary>
    public void CloseDtls()
    {
        _transport.CloseDtls();
        Flush();
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

    /// <summary>While true, every datagram from the server is lost on the way (a loss burst the browser will NACK).</summary>
    public bool LosesIncoming { get; set; }

    /// <summary>A datagram the server sent to this browser's address (from the test thread, or a DTLS thread for DTLS).</summary>
    internal void Receive(ReadOnlySpan<byte> datagram)
    {
        if (!LosesIncoming)
        {
            _transport.Receive(datagram.ToArray(), _harness.Now);
        }
    }

    bool IClientDatagramSender.Send(ReadOnlySpan<byte> datagram)
    {
        _toServer.Enqueue(datagram.ToArray());
        return true;
    }

    void IClientTransportListener.OnRtp(ReadOnlySpan<byte> packet) => Rtp.Add(new ReceivedRtp(packet.ToArray(), _harness.Now));

    void IClientTransportListener.OnRtcp(ReadOnlySpan<byte> compound) => Rtcp.Add(new ReceivedRtcp(compound.ToArray(), _harness.Now));

    /// <summary>Protects and delivers any bytes, well-formed or not; false when SRTP could not protect them (too short, say).</summary>
    public bool TrySend(ReadOnlySpan<byte> packet, bool isRtcp)
    {
        byte[] buffer = new byte[packet.Length + SrtpSession.MaxRtcpOverhead];
        packet.CopyTo(buffer);
        bool sent = isRtcp ? _transport.SendRtcp(buffer, packet.Length) : _transport.SendRtp(buffer, packet.Length);
        Flush();
        return sent;
    }

    private void Send(ReadOnlySpan<byte> packet, bool isRtcp) => Assert.True(TrySend(packet, isRtcp), Id + " is not connected");

    /// <summary>Our ICE credentials and certificate fingerprint on every line, as a browser writes its descriptions.</summary>
    private void WriteOwnTransport(SessionDescription description)
    {
        foreach (MediaDescription media in description.Media)
        {
            if (!media.IsRejected)
            {
                media.IceUfrag = _transport.LocalIce.LocalUfrag;
                media.IcePwd = _transport.LocalIce.LocalPwd;
                media.Fingerprints.Clear();
                media.Fingerprints.Add(new SdpFingerprint("sha-256", Certificate.Sha256Fingerprint));
            }
        }
    }

    /// <summary>The server's ICE credentials and fingerprint, from its first description.</summary>
    private void LearnServer(string description)
    {
        if (_server is null)
        {
            Assert.True(SessionDescription.TryParse(description, out SessionDescription? parsed, out string? error), error);
            Assert.True(ServerTransport.TryRead(parsed!, out _server, out error), error);
        }
    }
}
