using System.Globalization;
using System.Text;

namespace Sfu.Wire.Sdp.Writing;

/// <summary>
/// Writes rtpmap, rtcp-fb and fmtp grouped per payload type in the m= line's format order (the way browsers write
/// them), "rtcp-fb:*" first, then any lines for payload types the m= line does not list, in their list order.
/// </summary>
internal static class SdpPayloadTypeWriter
{
    public static void Write(StringBuilder text, MediaDescription media)
    {
        var rtpMaps = new Dictionary<int, SdpRtpMap>();
        foreach (var map in media.RtpMaps)
        {
            rtpMaps.TryAdd(map.PayloadType, map);
        }

        var fmtps = new Dictionary<int, SdpFmtp>();
        foreach (var fmtp in media.Fmtps)
        {
            fmtps.TryAdd(fmtp.PayloadType, fmtp);
        }

        var feedback = new Dictionary<int, List<SdpRtcpFeedback>>();
        foreach (var item in media.RtcpFeedbacks)
        {
            if (item.PayloadType is not { } pt)
            {
                SdpWriter.Attribute(text, "rtcp-fb", item.ToString());
                continue;
            }

            if (!feedback.TryGetValue(pt, out var list))
            {
                feedback[pt] = list = [];
            }

            list.Add(item);
        }

        var written = new HashSet<int>();
        foreach (var format in media.Formats)
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && written.Add(pt))
            {
                WriteOne(text, pt, rtpMaps, fmtps, feedback);
            }
        }

        // Lines for payload types missing from the m= line: keep them rather than lose them.
        foreach (var map in media.RtpMaps)
        {
            if (written.Add(map.PayloadType))
            {
                WriteOne(text, map.PayloadType, rtpMaps, fmtps, feedback);
            }
        }

        foreach (var fmtp in media.Fmtps)
        {
            if (written.Add(fmtp.PayloadType))
            {
                WriteOne(text, fmtp.PayloadType, rtpMaps, fmtps, feedback);
            }
        }

        foreach (var item in media.RtcpFeedbacks)
        {
            if (item.PayloadType is { } pt && written.Add(pt))
            {
                WriteOne(text, pt, rtpMaps, fmtps, feedback);
            }
        }
    }

    private static void WriteOne(
        StringBuilder text, int pt, Dictionary<int, SdpRtpMap> rtpMaps, Dictionary<int, SdpFmtp> fmtps, Dictionary<int, List<SdpRtcpFeedback>> feedback)
    {
        if (rtpMaps.TryGetValue(pt, out var map))
        {
            SdpWriter.Attribute(text, "rtpmap", map.ToString());
        }

        if (feedback.TryGetValue(pt, out var list))
        {
            foreach (var item in list)
            {
                SdpWriter.Attribute(text, "rtcp-fb", item.ToString());
            }
        }

        if (fmtps.TryGetValue(pt, out var fmtp))
        {
            SdpWriter.Attribute(text, "fmtp", fmtp.ToString());
        }
    }
}
