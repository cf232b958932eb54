using System.Globalization;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>
/// Writes the client's offers and answers as Chrome would (RFC 8829 sections 5.2 and 5.3): one BUNDLE group, ICE
/// credentials, sha-256 fingerprint and setup on every accepted m= line, rtcp-mux and rtcp-rsize, a=msid plus
/// a=ssrc cname/msid and a FID group for each published track, and our host candidate on the first line.
/// </summary>
internal static class ClientDescriptionWriter
{
    public static SessionDescription Write(
        IReadOnlyList<ClientTransceiver> lines, ClientLocalTransport local, SdpSetupRole setup, ulong sessionId, ulong sessionVersion)
    {
        var sdp = new SessionDescription
        {
            Origin = new SdpOrigin("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1"),
            SessionName = "-",
            MsidSemantic = new SdpMsidSemantic("WMS", [local.StreamId]),
        };
        sdp.Timings.Add(new SdpTiming(0, 0));
        var bundle = new List<string>(lines.Count);
        foreach (ClientTransceiver line in lines)
        {
            if (!line.Rejected)
            {
                bundle.Add(line.Mid);
            }
        }

        if (bundle.Count > 0)
        {
            sdp.Groups.Add(new SdpGroup("BUNDLE", bundle));
        }

        bool candidateWritten = false;
        foreach (ClientTransceiver line in lines)
        {
            bool withCandidate = !line.Rejected && !candidateWritten;
            candidateWritten |= withCandidate;
            sdp.Media.Add(line.Rejected ? WriteRejected(line) : WriteMedia(line, local, setup, withCandidate));
        }

        return sdp;
    }

    // RFC 3264 section 6: a rejected stream keeps its m= line with port 0.
    private static MediaDescription WriteRejected(ClientTransceiver line)
    {
        List<string> formats = line.RejectedFormats.Count > 0 ? line.RejectedFormats : PayloadTypes(line.Codecs);
        if (formats.Count == 0)
        {
            formats.Add("0");
        }

        return new MediaDescription(line.SdpKind, 0, line.Protocol, formats) { Connection = SdpConnection.Unspecified, Mid = line.Mid };
    }

    private static MediaDescription WriteMedia(ClientTransceiver line, ClientLocalTransport local, SdpSetupRole setup, bool withCandidate)
    {
        var media = new MediaDescription(line.SdpKind, local.Port, line.Protocol, PayloadTypes(line.Codecs))
        {
            Connection = SdpConnection.ForAddress(local.Address),
            IceUfrag = local.IceUfrag,
            IcePwd = local.IcePwd,
            Setup = setup,
            Mid = line.Mid,
            Direction = line.Direction,
            RtcpMux = true,
            RtcpRsize = true,
        };
        media.IceOptions.Add("trickle");
        media.Fingerprints.Add(new SdpFingerprint(LocalTransportParameters.FingerprintAlgorithm, local.Fingerprint));
        media.Extmaps.AddRange(line.Extmaps);
        LocalDescriptionWriter.WriteCodecs(media, line.Codecs);
        if (line.Sender is { } track)
        {
            WriteTrack(media, track, local.StreamId);
        }

        if (withCandidate)
        {
            media.Candidates.Add(SdpCandidate.Host("1", local.Address, local.Port, 65535));
        }

        return media;
    }

    private static List<string> PayloadTypes(IReadOnlyList<NegotiatedCodec> codecs)
    {
        var formats = new List<string>(codecs.Count * 2);
        foreach (NegotiatedCodec codec in codecs)
        {
            formats.Add(codec.PayloadType.ToString(CultureInfo.InvariantCulture));
            if (codec.RtxPayloadType is { } rtx)
            {
                formats.Add(rtx.ToString(CultureInfo.InvariantCulture));
            }
        }

        return formats;
    }

    // a=msid (RFC 8830) plus a=ssrc cname/msid and a=ssrc-group:FID (RFC 5576), as Chrome announces a sending track.
    private static void WriteTrack(MediaDescription media, LocalTrack track, string streamId)
    {
        string msid = streamId + " " + track.TrackId;
        media.Msids.Add(new SdpMsid(streamId, track.TrackId));
        if (track.Layers is { } layers)
        {
            // RFC 8853 section 5.1 / RFC 8851 section 10: Chrome's simulcast offer names the layers by rid, no a=ssrc.
            var streams = new List<SdpSimulcastStream>(layers.Count);
            foreach (SimulcastLayer layer in layers)
            {
                media.Rids.Add(new SdpRid(layer.Rid, SdpRidDirection.Send, null));
                streams.Add(new SdpSimulcastStream([new SdpSimulcastRid(layer.Rid, false)]));
            }

            media.Simulcast = new SdpSimulcast(streams, []);
            return;
        }

        if (track.RtxSsrc != 0)
        {
            media.SsrcGroups.Add(new SdpSsrcGroup("FID", [track.Ssrc, track.RtxSsrc]));
        }

        media.Ssrcs.Add(new SdpSsrc(track.Ssrc, "cname", streamId));
        media.Ssrcs.Add(new SdpSsrc(track.Ssrc, "msid", msid));
        if (track.RtxSsrc != 0)
        {
            media.Ssrcs.Add(new SdpSsrc(track.RtxSsrc, "cname", streamId));
            media.Ssrcs.Add(new SdpSsrc(track.RtxSsrc, "msid", msid));
        }
    }
}
