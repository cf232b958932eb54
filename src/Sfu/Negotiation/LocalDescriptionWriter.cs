using System.Globalization;
using System.Security.Cryptography;

using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// Writes the server's descriptions (answers and offers) from <see cref="NegotiatedMedia"/> plans: ICE-lite at session
/// level (RFC 8839 section 5.3), our credentials, fingerprint and setup on every accepted m= line, candidates on the
/// first one (the BUNDLE tag, RFC 8843 section 7.3.1).
/// </summary>
public static class LocalDescriptionWriter
{
    public static SessionDescription Write(
        ulong sessionId, ulong sessionVersion, IReadOnlyList<NegotiatedMedia> plans, IReadOnlyList<string>? bundleMids,
        LocalTransportParameters local, SdpSetupRole setup)
    {
        var sdp = new SessionDescription
        {
            Origin = new SdpOrigin("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1"),
            SessionName = "-",
            IceLite = true,
            MsidSemantic = new SdpMsidSemantic("WMS", ["*"]),
        };
        sdp.Timings.Add(new SdpTiming(0, 0));
        if (bundleMids is not null)
        {
            sdp.Groups.Add(new SdpGroup("BUNDLE", bundleMids));
        }

        var candidatesWritten = false;
        foreach (var plan in plans)
        {
            var withCandidates = !plan.Rejected && !candidatesWritten;
            candidatesWritten |= withCandidates;
            sdp.Media.Add(WriteMedia(plan, local, setup, withCandidates));
        }

        return sdp;
    }

    /// <summary>A random o= session id below 2^62 (RFC 8829 section 5.2.1 asks for a 64-bit random value with the top bit clear).</summary>
    public static ulong NewSessionId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 2;

    private static MediaDescription WriteMedia(NegotiatedMedia plan, LocalTransportParameters local, SdpSetupRole setup, bool withCandidates)
    {
        if (plan.Rejected)
        {
            // RFC 3264 section 6: a rejected stream keeps its m= line with port 0.
            return new MediaDescription(plan.Kind, 0, plan.Protocol, plan.Formats) { Connection = SdpConnection.Unspecified, Mid = plan.Mid };
        }

        var formats = new List<string>();
        foreach (var codec in plan.Codecs)
        {
            formats.Add(codec.PayloadType.ToString(CultureInfo.InvariantCulture));
            if (codec.RtxPayloadType is { } rtx)
            {
                formats.Add(rtx.ToString(CultureInfo.InvariantCulture));
            }
        }

        var (port, connection) = local.DefaultAddress();
        var media = new MediaDescription(plan.Kind, port, plan.Protocol, formats)
        {
            Connection = connection,
            IceUfrag = local.IceUfrag,
            IcePwd = local.IcePwd,
            Setup = setup,
            Mid = plan.Mid,
            Direction = plan.Direction,
            RtcpMux = true,
            RtcpRsize = plan.RtcpReducedSize,
        };
        media.Fingerprints.Add(new SdpFingerprint(LocalTransportParameters.FingerprintAlgorithm, local.Fingerprint));
        media.Extmaps.AddRange(plan.HeaderExtensions);
        WriteCodecs(media, plan.Codecs);
        if (plan.Direction.Receives() && plan.Remote is { Rids.Count: > 0 } remote)
        {
            WriteReceiveSimulcast(media, remote.Rids);
        }

        if (plan.Direction.Sends() && plan.LocalTrack is { } track)
        {
            WriteLocalTrack(media, track);
        }

        if (withCandidates)
        {
            media.Candidates.AddRange(local.BuildCandidates());
            media.EndOfCandidates = true; // ICE-lite: every candidate is known now (RFC 8840 section 4.1).
        }

        return media;
    }

    /// <summary>a=rtpmap, a=rtcp-fb, a=fmtp and the RTX pair of each codec; the client stack writes its offers with it too.</summary>
    public static void WriteCodecs(MediaDescription media, IReadOnlyList<NegotiatedCodec> codecs)
    {
        foreach (var codec in codecs)
        {
            media.RtpMaps.Add(new SdpRtpMap(codec.PayloadType, codec.Name, codec.ClockRate, codec.Channels));
            foreach (var feedback in codec.Feedback)
            {
                var space = feedback.IndexOf(' ');
                media.RtcpFeedbacks.Add(space < 0
                    ? new SdpRtcpFeedback(codec.PayloadType, feedback, null)
                    : new SdpRtcpFeedback(codec.PayloadType, feedback[..space], feedback[(space + 1)..]));
            }

            if (!string.IsNullOrEmpty(codec.Parameters))
            {
                media.Fmtps.Add(new SdpFmtp(codec.PayloadType, codec.Parameters));
            }

            if (codec.RtxPayloadType is { } rtx)
            {
                // RFC 4588 section 8.6: rtx/<clock> with apt=<original payload type>.
                media.RtpMaps.Add(new SdpRtpMap(rtx, "rtx", codec.ClockRate, null));
                media.Fmtps.Add(new SdpFmtp(rtx, "apt=" + codec.PayloadType.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    // RFC 8853 section 5.3: the answerer mirrors "send" rids as "recv" to accept the simulcast streams. Plans carry rids
    // only when CodecPolicy.AcceptSimulcast is on (the default); otherwise nothing is written.
    private static void WriteReceiveSimulcast(MediaDescription media, IReadOnlyList<string> rids)
    {
        var streams = new List<SdpSimulcastStream>(rids.Count);
        foreach (var rid in rids)
        {
            media.Rids.Add(new SdpRid(rid, SdpRidDirection.Recv, null));
            streams.Add(new SdpSimulcastStream([new SdpSimulcastRid(rid, false)]));
        }

        media.Simulcast = new SdpSimulcast([], streams);
    }

    // a=msid (RFC 8830) plus a=ssrc / a=ssrc-group:FID (RFC 5576) so the browser maps our SSRCs before any RTP arrives.
    private static void WriteLocalTrack(MediaDescription media, OutgoingTrack track)
    {
        media.Msids.Add(new SdpMsid(track.StreamId, track.TrackId));
        var msid = track.StreamId + " " + track.TrackId;
        if (track.RtxSsrc != 0)
        {
            media.SsrcGroups.Add(new SdpSsrcGroup("FID", [track.Ssrc, track.RtxSsrc]));
        }

        media.Ssrcs.Add(new SdpSsrc(track.Ssrc, "cname", track.EffectiveCname));
        media.Ssrcs.Add(new SdpSsrc(track.Ssrc, "msid", msid));
        if (track.RtxSsrc != 0)
        {
            media.Ssrcs.Add(new SdpSsrc(track.RtxSsrc, "cname", track.EffectiveCname));
            media.Ssrcs.Add(new SdpSsrc(track.RtxSsrc, "msid", msid));
        }
    }
}
