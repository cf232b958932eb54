using System.Globalization;
using System.Text;

namespace Sfu.Wire.Sdp.Writing;

/// <summary>
/// Writes one m= section: m i c b k, then rtcp, ICE, DTLS, mid, extmaps, direction, msid, mux flags, each payload type
/// as rtpmap + rtcp-fb + fmtp in m= line order, rid/simulcast, ssrc-group/ssrc, candidates, then unmodelled attributes.
/// </summary>
internal static class SdpMediaWriter
{
    public static void Write(StringBuilder text, MediaDescription media)
    {
        var port = media.PortCount is { } count
            ? string.Create(CultureInfo.InvariantCulture, $"{media.Port}/{count}")
            : media.Port.ToString(CultureInfo.InvariantCulture);
        var mline = new StringBuilder(media.Kind).Append(' ').Append(port).Append(' ').Append(media.Protocol);
        foreach (var format in media.Formats)
        {
            mline.Append(' ').Append(format);
        }

        SdpWriter.Line(text, 'm', mline.ToString());
        SdpWriter.OptionalLine(text, 'i', media.Information);
        if (media.Connection is not null)
        {
            SdpWriter.Line(text, 'c', media.Connection.ToString());
        }

        foreach (var bandwidth in media.Bandwidths)
        {
            SdpWriter.Line(text, 'b', bandwidth.ToString());
        }

        SdpWriter.OptionalLine(text, 'k', media.EncryptionKey);
        WriteTransport(text, media);
        WriteStreamHeader(text, media);
        SdpPayloadTypeWriter.Write(text, media);
        WriteSources(text, media);
        foreach (var candidate in media.Candidates)
        {
            SdpWriter.Attribute(text, "candidate", candidate.ToString());
        }

        if (media.EndOfCandidates)
        {
            SdpWriter.Attribute(text, "end-of-candidates", null);
        }

        foreach (var attribute in media.OtherAttributes)
        {
            SdpWriter.Attribute(text, attribute.Name, attribute.Value);
        }
    }

    private static void WriteTransport(StringBuilder text, MediaDescription media)
    {
        if (media.Rtcp is not null)
        {
            SdpWriter.Attribute(text, "rtcp", media.Rtcp.ToString());
        }

        SdpWriter.Attribute(text, "ice-ufrag", media.IceUfrag, skipNull: true);
        SdpWriter.Attribute(text, "ice-pwd", media.IcePwd, skipNull: true);
        if (media.IceOptions.Count > 0)
        {
            SdpWriter.Attribute(text, "ice-options", string.Join(' ', media.IceOptions));
        }

        foreach (var fingerprint in media.Fingerprints)
        {
            SdpWriter.Attribute(text, "fingerprint", fingerprint.ToString());
        }

        if (media.Setup is { } setup)
        {
            SdpWriter.Attribute(text, "setup", setup.ToSdp());
        }
    }

    private static void WriteStreamHeader(StringBuilder text, MediaDescription media)
    {
        SdpWriter.Attribute(text, "mid", media.Mid, skipNull: true);
        if (media.BundleOnly)
        {
            SdpWriter.Attribute(text, "bundle-only", null);
        }

        foreach (var extmap in media.Extmaps)
        {
            SdpWriter.Attribute(text, "extmap", extmap.ToString());
        }

        if (media.Direction is { } direction)
        {
            SdpWriter.Attribute(text, direction.ToSdp(), null);
        }

        foreach (var msid in media.Msids)
        {
            SdpWriter.Attribute(text, "msid", msid.ToString());
        }

        if (media.RtcpMux)
        {
            SdpWriter.Attribute(text, "rtcp-mux", null);
        }

        if (media.RtcpRsize)
        {
            SdpWriter.Attribute(text, "rtcp-rsize", null);
        }
    }

    private static void WriteSources(StringBuilder text, MediaDescription media)
    {
        foreach (var rid in media.Rids)
        {
            SdpWriter.Attribute(text, "rid", rid.ToString());
        }

        if (media.Simulcast is { } simulcast && (simulcast.Send.Count > 0 || simulcast.Receive.Count > 0))
        {
            SdpWriter.Attribute(text, "simulcast", simulcast.ToString());
        }

        foreach (var group in media.SsrcGroups)
        {
            SdpWriter.Attribute(text, "ssrc-group", group.ToString());
        }

        foreach (var ssrc in media.Ssrcs)
        {
            SdpWriter.Attribute(text, "ssrc", ssrc.ToString());
        }
    }
}
