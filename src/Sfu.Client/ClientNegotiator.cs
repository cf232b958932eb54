using System.Globalization;
using System.Security.Cryptography;
using Sfu.Engine;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>
/// The client's offer/answer state machine (RFC 8829 as a browser runs it). <see cref="CreateOffer"/> offers the
/// committed m= lines plus a new sendonly line per unpublished track; <see cref="ApplyAnswer"/> commits it. A server
/// offer rolls back any offer of ours still in flight (the client is the polite peer) and is answered by
/// <see cref="AnswerOffer"/>: lines the server sends on become recvonly, our published lines stay sendonly,
/// rejected lines stay rejected; mids, payload types and extension ids are the server's.
/// </summary>
internal sealed class ClientNegotiator(ClientLocalTransport local, IReadOnlyList<LocalTrack> tracks, Action<IReadOnlyList<ClientTransceiver>, ServerTransport> committed)
{
    private readonly object _gate = new();
    private readonly ulong _sessionId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2;
    private ulong _sessionVersion;
    private IReadOnlyList<ClientTransceiver> _committed = [];
    private List<ClientTransceiver>? _pendingOffer;

    /// <summary>The m= lines as last agreed; never mutated (each step works on clones).</summary>
    public IReadOnlyList<ClientTransceiver> Committed => Volatile.Read(ref _committed);

    public ServerTransport? RemoteTransport { get; private set; }

    public bool HasPendingOffer
    {
        get
        {
            lock (_gate)
            {
                return _pendingOffer is not null;
            }
        }
    }

    /// <summary>True when some published track has no m= line yet, i.e. the client has something to offer.</summary>
    public bool HasUnpublishedTracks
    {
        get
        {
            IReadOnlyList<ClientTransceiver> lines = Committed;
            foreach (LocalTrack track in tracks)
            {
                if (FindSender(lines, track) is null)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public string CreateOffer()
    {
        lock (_gate)
        {
            List<ClientTransceiver> lines = ClientTransceiver.CloneAll(_committed);
            foreach (ClientTransceiver line in lines)
            {
                if (!line.Rejected)
                {
                    // What the transceiver wants, not what was last agreed: a receive line offers recvonly even while
                    // the server has nothing on it, so the server may place a track there.
                    line.Direction = SdpEnumText.FromFlags(line.Sender is not null, line.Sender is null);
                }
            }

            foreach (LocalTrack track in tracks)
            {
                if (FindSender(lines, track) is null)
                {
                    lines.Add(new ClientTransceiver(FreshMid(lines), ClientMediaFormats.ToSdpKind(track.Kind))
                    {
                        Direction = SdpDirection.SendOnly,
                        Codecs = ClientMediaFormats.DefaultCodecs(track.Kind),
                        Extmaps = ClientMediaFormats.DefaultExtensions(track),
                        Sender = track,
                    });
                }
            }

            _pendingOffer = lines;
            return ClientDescriptionWriter.Write(lines, local, SdpSetupRole.ActPass, _sessionId, ++_sessionVersion).ToString();
        }
    }

    /// <summary>Forgets an offer of ours that was not answered (setRemoteDescription would do it on glare).</summary>
    public void Rollback()
    {
        lock (_gate)
        {
            _pendingOffer = null;
        }
    }

    public void ApplyAnswer(string answerSdp)
    {
        lock (_gate)
        {
            List<ClientTransceiver> lines = _pendingOffer ?? throw new ClientNegotiationException("no offer of ours is pending");
            SessionDescription answer = Parse(answerSdp, "answer");
            if (answer.Media.Count != lines.Count)
            {
                throw new ClientNegotiationException($"the answer has {answer.Media.Count} m= lines, our offer had {lines.Count}");
            }

            ServerTransport transport = ReadTransport(answer);
            for (int i = 0; i < lines.Count; i++)
            {
                ApplyAnswerLine(answer, answer.Media[i], lines[i]);
            }

            _pendingOffer = null;
            Commit(lines, transport);
        }
    }

    public string AnswerOffer(string offerSdp)
    {
        lock (_gate)
        {
            _pendingOffer = null;
            SessionDescription offer = Parse(offerSdp, "offer");
            List<ClientTransceiver> lines = ClientTransceiver.CloneAll(_committed);
            if (offer.Media.Count < lines.Count)
            {
                throw new ClientNegotiationException($"the offer has {offer.Media.Count} m= lines, fewer than the {lines.Count} already negotiated");
            }

            ServerTransport transport = ReadTransport(offer) with { ServerOffered = true };
            for (int i = 0; i < offer.Media.Count; i++)
            {
                MediaDescription media = offer.Media[i];
                if (media.Mid is null)
                {
                    throw new ClientNegotiationException($"m= line {i} of the offer has no a=mid");
                }

                if (i == lines.Count)
                {
                    lines.Add(new ClientTransceiver(media.Mid, media.Kind) { Protocol = media.Protocol });
                }
                else if (lines[i].Mid != media.Mid)
                {
                    throw new ClientNegotiationException($"m= line {i} of the offer has mid {media.Mid}, it was negotiated as {lines[i].Mid}");
                }

                AnswerLine(offer, media, lines[i]);
            }

            string answer = ClientDescriptionWriter.Write(lines, local, SdpSetupRole.Active, _sessionId, ++_sessionVersion).ToString();
            Commit(lines, transport);
            return answer;
        }
    }

    private static void AnswerLine(SessionDescription offer, MediaDescription media, ClientTransceiver line)
    {
        if (media.IsRejected || line.Rejected || !ClientMediaFormats.TryGetKind(media.Kind, out MediaKind kind))
        {
            Reject(line, media);
            return;
        }

        List<NegotiatedCodec> codecs = ServerDescriptionReader.ReadCodecs(media, kind);
        if (codecs.Count == 0)
        {
            Reject(line, media);
            return;
        }

        // RFC 3264 section 6.1: send only where the offerer receives, receive only where it sends.
        SdpDirection offered = offer.EffectiveDirection(media);
        line.Direction = SdpEnumText.FromFlags(offered.Receives() && line.Sender is not null, offered.Sends());
        line.Codecs = codecs;
        line.Extmaps = ServerDescriptionReader.ReadExtensions(media);
        line.Receiver = line.Direction.Receives() ? ServerDescriptionReader.ReadSender(media, kind) : null;
    }

    private static void ApplyAnswerLine(SessionDescription answer, MediaDescription media, ClientTransceiver line)
    {
        if (media.Mid != line.Mid)
        {
            throw new ClientNegotiationException($"answer mid {media.Mid ?? "(none)"} does not match offered mid {line.Mid}");
        }

        if (line.Rejected || media.IsRejected || !ClientMediaFormats.TryGetKind(line.SdpKind, out MediaKind kind))
        {
            Reject(line, media);
            return;
        }

        List<NegotiatedCodec> codecs = ServerDescriptionReader.ReadCodecs(media, kind);
        if (codecs.Count == 0)
        {
            throw new ClientNegotiationException($"the answer for mid {line.Mid} accepts no codec we offered");
        }

        SdpDirection offered = line.Direction;
        SdpDirection answered = answer.EffectiveDirection(media);
        line.Direction = SdpEnumText.FromFlags(offered.Sends() && answered.Receives(), offered.Receives() && answered.Sends());
        line.Codecs = codecs;
        line.Extmaps = ServerDescriptionReader.ReadExtensions(media);
        line.Receiver = line.Direction.Receives() ? ServerDescriptionReader.ReadSender(media, kind) : null;
    }

    private static void Reject(ClientTransceiver line, MediaDescription media)
    {
        line.Rejected = true;
        line.Direction = SdpDirection.Inactive;
        line.Receiver = null;
        if (line.RejectedFormats.Count == 0)
        {
            line.RejectedFormats = [.. media.Formats];
        }
    }

    private void Commit(List<ClientTransceiver> lines, ServerTransport transport)
    {
        RemoteTransport ??= transport;
        Volatile.Write(ref _committed, lines);
        committed(lines, RemoteTransport);
    }

    private static ClientTransceiver? FindSender(IReadOnlyList<ClientTransceiver> lines, LocalTrack track)
    {
        foreach (ClientTransceiver line in lines)
        {
            if (line.Sender is { } sender && sender.TrackId == track.TrackId)
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Numeric mids counting up from the number of m= lines, as browsers pick them.</summary>
    private static string FreshMid(List<ClientTransceiver> lines)
    {
        for (int next = lines.Count; ; next++)
        {
            string mid = next.ToString(CultureInfo.InvariantCulture);
            bool used = false;
            foreach (ClientTransceiver line in lines)
            {
                used |= line.Mid == mid;
            }

            if (!used)
            {
                return mid;
            }
        }
    }

    private static SessionDescription Parse(string sdp, string what)
    {
        if (!SessionDescription.TryParse(sdp, out SessionDescription? parsed, out string? error))
        {
            throw new ClientNegotiationException($"the server's {what} is not valid SDP: {error}");
        }

        return parsed!;
    }

    private static ServerTransport ReadTransport(SessionDescription sdp)
    {
        if (!ServerDescriptionReader.TryReadTransport(sdp, out ServerTransport? transport, out string? error))
        {
            throw new ClientNegotiationException(error!);
        }

        return transport!;
    }
}
