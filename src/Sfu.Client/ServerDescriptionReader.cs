using System.Globalization;
using System.Net;
using Sfu.Engine;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>The server's transport as its description gives it: credentials, certificate fingerprint, candidate.</summary>
public sealed record ServerTransport(string IceUfrag, string IcePwd, string Fingerprint, IPEndPoint Candidate)
{
    /// <summary>The server said <c>a=ice-lite</c> (our SFU does; Janus in full mode does not).</summary>
    public bool IceLite { get; init; }

    /// <summary>The server's first description was an offer (Janus's subscriber PeerConnection), not an answer to ours.</summary>
    public bool ServerOffered { get; init; }

    /// <summary>
    /// RFC 8445 section 6.1.1: we control ICE toward a lite agent, and between two full agents the offerer controls.
    /// </summary>
    public bool WeControlIce => IceLite || !ServerOffered;

    /// <summary>Reads the server's transport from one of its offers or answers; false with a reason when something is missing.</summary>
    public static bool TryRead(SessionDescription description, out ServerTransport? transport, out string? error)
    {
        ArgumentNullException.ThrowIfNull(description);
        return ServerDescriptionReader.TryReadTransport(description, out transport, out error);
    }
}

/// <summary>Reads what the client needs from the server's offers and answers. Never throws on odd input.</summary>
internal static class ServerDescriptionReader
{
    /// <summary>
    /// Transport of the BUNDLE tag (first mid of the group, RFC 8843 section 7.2), media level before session level
    /// (RFC 8839 section 5.4); the first IPv4/IPv6 UDP candidate of any accepted line, else the tag's c= and port.
    /// </summary>
    public static bool TryReadTransport(SessionDescription sdp, out ServerTransport? transport, out string? error)
    {
        transport = null;
        MediaDescription? tagged = null;
        if (sdp.BundleGroup is { Mids.Count: > 0 } bundle)
        {
            tagged = sdp.FindMedia(bundle.Mids[0]);
        }

        foreach (MediaDescription media in sdp.Media)
        {
            if (tagged is null && !media.IsRejected)
            {
                tagged = media;
            }
        }

        string? ufrag = tagged?.IceUfrag ?? sdp.IceUfrag;
        string? pwd = tagged?.IcePwd ?? sdp.IcePwd;
        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            error = "the server description has no a=ice-ufrag/a=ice-pwd";
            return false;
        }

        string? fingerprint = Sha256(tagged?.Fingerprints) ?? Sha256(sdp.Fingerprints);
        if (fingerprint is null)
        {
            error = "the server description has no sha-256 a=fingerprint";
            return false;
        }

        IPEndPoint? candidate = FindCandidate(sdp, tagged);
        if (candidate is null)
        {
            error = "the server description has no usable UDP candidate";
            return false;
        }

        transport = new ServerTransport(ufrag, pwd, fingerprint, candidate) { IceLite = sdp.IceLite };
        error = null;
        return true;
    }

    /// <summary>Opus or VP8 (with its RTX) on the line, with the description's payload types, fmtp and supported rtcp-fb.</summary>
    public static List<NegotiatedCodec> ReadCodecs(MediaDescription media, MediaKind kind)
    {
        var codecs = new List<NegotiatedCodec>(1);
        foreach (int payloadType in PayloadTypes(media))
        {
            SdpRtpMap? map = media.FindRtpMap(payloadType);
            if (map is null || !ClientMediaFormats.IsMediaCodec(kind, map.EncodingName, map.ClockRate))
            {
                continue;
            }

            var feedback = new List<string>();
            foreach (SdpRtcpFeedback line in media.FeedbackFor(payloadType))
            {
                if (Array.IndexOf(ClientMediaFormats.SupportedFeedback, line.Value) >= 0 && !feedback.Contains(line.Value))
                {
                    feedback.Add(line.Value);
                }
            }

            codecs.Add(new NegotiatedCodec(map.EncodingName, payloadType, map.ClockRate, map.Channels,
                media.FindFmtp(payloadType)?.Parameters, FindRtx(media, payloadType), feedback));
            break;
        }

        return codecs;
    }

    /// <summary>The extensions the client understands, with the description's ids and without direction (RFC 8285 section 6).</summary>
    public static List<SdpExtmap> ReadExtensions(MediaDescription media)
    {
        var result = new List<SdpExtmap>(2);
        foreach (SdpExtmap extmap in media.Extmaps)
        {
            if (ClientMediaFormats.IsSupportedExtension(extmap.Uri) && extmap.Direction is not SdpDirection.Inactive)
            {
                result.Add(new SdpExtmap(extmap.Id, null, extmap.Uri, null));
            }
        }

        return result;
    }

    /// <summary>The track the server announces on a line it sends on: a=msid (or a=ssrc msid:) and the media SSRC with its FID RTX.</summary>
    public static RemoteTrack? ReadSender(MediaDescription media, MediaKind kind)
    {
        string? streamId = null;
        string? trackId = null;
        if (media.Msids.Count > 0)
        {
            streamId = media.Msids[0].StreamId;
            trackId = media.Msids[0].TrackId;
        }

        uint rtxSsrc = 0;
        uint ssrc = 0;
        foreach (SdpSsrcGroup group in media.SsrcGroups)
        {
            if (group.Semantics == "FID" && group.Ssrcs.Count >= 2)
            {
                ssrc = group.Ssrcs[0];
                rtxSsrc = group.Ssrcs[1];
                break;
            }
        }

        foreach (SdpSsrc line in media.Ssrcs)
        {
            if (ssrc == 0 && line.Ssrc != rtxSsrc)
            {
                ssrc = line.Ssrc;
            }

            if (streamId is null && line.Ssrc == ssrc && line.Attribute == "msid" && line.Value is { Length: > 0 } value)
            {
                string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                streamId = parts[0];
                trackId = parts.Length > 1 ? parts[1] : null;
            }
        }

        if (ssrc == 0 || streamId is null)
        {
            return null;
        }

        return new RemoteTrack(media.Mid ?? string.Empty, kind, streamId, trackId ?? streamId + "-" + media.Mid, ssrc, rtxSsrc);
    }

    private static List<int> PayloadTypes(MediaDescription media)
    {
        var result = new List<int>(media.Formats.Count);
        foreach (string format in media.Formats)
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out int pt) && pt <= 127)
            {
                result.Add(pt);
            }
        }

        return result;
    }

    private static int? FindRtx(MediaDescription media, int payloadType)
    {
        string apt = payloadType.ToString(CultureInfo.InvariantCulture);
        foreach (SdpFmtp fmtp in media.Fmtps)
        {
            if (fmtp.TryGetParameter("apt", out string value) && value == apt
                && media.FindRtpMap(fmtp.PayloadType) is { } map && string.Equals(map.EncodingName, "rtx", StringComparison.OrdinalIgnoreCase)
                && media.Formats.Contains(fmtp.PayloadType.ToString(CultureInfo.InvariantCulture)))
            {
                return fmtp.PayloadType;
            }
        }

        return null;
    }

    private static string? Sha256(List<SdpFingerprint>? fingerprints)
    {
        if (fingerprints is null)
        {
            return null;
        }

        foreach (SdpFingerprint fingerprint in fingerprints)
        {
            if (string.Equals(fingerprint.Algorithm, LocalTransportParameters.FingerprintAlgorithm, StringComparison.OrdinalIgnoreCase))
            {
                return fingerprint.Value;
            }
        }

        return null;
    }

    private static IPEndPoint? FindCandidate(SessionDescription sdp, MediaDescription? tagged)
    {
        foreach (MediaDescription media in sdp.Media)
        {
            if (media.IsRejected)
            {
                continue;
            }

            foreach (SdpCandidate candidate in media.Candidates)
            {
                if (candidate.IsUdp && candidate.Component == 1 && IPAddress.TryParse(candidate.Address, out IPAddress? address))
                {
                    return new IPEndPoint(address, candidate.Port);
                }
            }
        }

        SdpConnection? connection = tagged?.Connection ?? sdp.Connection;
        if (tagged is not null && connection is not null && tagged.Port > 0
            && IPAddress.TryParse(connection.Address, out IPAddress? fallback) && !fallback.Equals(IPAddress.Any))
        {
            return new IPEndPoint(fallback, tagged.Port);
        }

        return null;
    }
}
