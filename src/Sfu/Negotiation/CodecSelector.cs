using System.Globalization;

using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>Picks the codecs of an answer from an offered m= line according to a <see cref="CodecPolicy"/>.</summary>
internal static class CodecSelector
{
    /// <summary>
    /// Chosen codecs, preferred first: Opus for audio; VP8 then H264 for video. Payload types, fmtp and feedback come
    /// from the offer (answers must reuse the offerer's payload types, RFC 3264 section 6.1).
    /// <paramref name="preferredNames"/> moves codecs with those names to the front (the codec being forwarded).
    /// </summary>
    public static List<NegotiatedCodec> Select(MediaDescription offered, CodecPolicy policy, IReadOnlyList<NegotiatedCodec>? preferredNames)
    {
        var offeredTypes = OfferedPayloadTypes(offered);
        var chosen = new List<NegotiatedCodec>(2);
        if (offered.Kind == "audio")
        {
            var opus = FindByName(offered, offeredTypes, "opus", 48000, 2);
            if (opus is not null)
            {
                chosen.Add(Build(offered, offeredTypes, policy, opus, policy.OpusParameters(offered.FindFmtp(opus.PayloadType))));
            }
        }
        else if (offered.Kind == "video")
        {
            var vp8 = policy.AllowVp8 ? FindByName(offered, offeredTypes, "VP8", 90000, null) : null;
            if (vp8 is not null)
            {
                chosen.Add(Build(offered, offeredTypes, policy, vp8, offered.FindFmtp(vp8.PayloadType)?.Parameters));
            }

            var h264 = policy.AllowH264 ? FindH264(offered, offeredTypes, policy.PreferredH264ProfileLevelId) : null;
            if (h264 is not null)
            {
                chosen.Add(Build(offered, offeredTypes, policy, h264, offered.FindFmtp(h264.PayloadType)?.Parameters));
            }
        }

        if (preferredNames is { Count: > 0 })
        {
            MoveToFront(chosen, preferredNames);
        }

        return chosen;
    }

    /// <summary>Payload types on the m= line, in order; formats that are not numbers are skipped.</summary>
    internal static List<int> OfferedPayloadTypes(MediaDescription media)
    {
        var result = new List<int>(media.Formats.Count);
        foreach (var format in media.Formats)
        {
            if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt <= 127 && !result.Contains(pt))
            {
                result.Add(pt);
            }
        }

        return result;
    }

    /// <summary>The rtx payload type whose fmtp says apt=<paramref name="payloadType"/> (RFC 4588 section 8.6).</summary>
    internal static int? FindRtx(MediaDescription media, List<int> offeredTypes, int payloadType, int clockRate)
    {
        var apt = payloadType.ToString(CultureInfo.InvariantCulture);
        foreach (var fmtp in media.Fmtps)
        {
            if (!fmtp.TryGetParameter("apt", out var value) || value != apt || !offeredTypes.Contains(fmtp.PayloadType))
            {
                continue;
            }

            var map = media.FindRtpMap(fmtp.PayloadType);
            if (map is not null && string.Equals(map.EncodingName, "rtx", StringComparison.OrdinalIgnoreCase) && map.ClockRate == clockRate)
            {
                return fmtp.PayloadType;
            }
        }

        return null;
    }

    /// <summary>Allowed rtcp-fb of a payload type (its own lines and "*" lines), deduplicated, in offer order.</summary>
    internal static List<string> Feedback(MediaDescription media, int payloadType, CodecPolicy policy)
    {
        var result = new List<string>();
        foreach (var feedback in media.FeedbackFor(payloadType))
        {
            var value = feedback.Value;
            if (policy.AllowsFeedback(value) && !result.Contains(value))
            {
                result.Add(value);
            }
        }

        return result;
    }

    private static NegotiatedCodec Build(MediaDescription offered, List<int> offeredTypes, CodecPolicy policy, SdpRtpMap map, string? parameters)
        => new(map.EncodingName, map.PayloadType, map.ClockRate, map.Channels, parameters,
            FindRtx(offered, offeredTypes, map.PayloadType, map.ClockRate), Feedback(offered, map.PayloadType, policy));

    private static SdpRtpMap? FindByName(MediaDescription media, List<int> offeredTypes, string name, int clockRate, int? channels)
    {
        foreach (var pt in offeredTypes)
        {
            var map = media.FindRtpMap(pt);
            if (map is not null && string.Equals(map.EncodingName, name, StringComparison.OrdinalIgnoreCase)
                && map.ClockRate == clockRate && (channels is null || map.Channels == channels))
            {
                return map;
            }
        }

        return null;
    }

    // H264 with packetization-mode=1 (RFC 6184 section 8.1); the preferred profile-level-id, else Constrained Baseline,
    // else Baseline, else whatever profile comes first.
    private static SdpRtpMap? FindH264(MediaDescription media, List<int> offeredTypes, string preferredProfile)
    {
        SdpRtpMap? best = null;
        var bestScore = -1;
        foreach (var pt in offeredTypes)
        {
            var map = media.FindRtpMap(pt);
            if (map is null || !string.Equals(map.EncodingName, "H264", StringComparison.OrdinalIgnoreCase) || map.ClockRate != 90000)
            {
                continue;
            }

            var fmtp = media.FindFmtp(pt);
            if (fmtp is null || !fmtp.TryGetParameter("packetization-mode", out var mode) || mode != "1")
            {
                continue;
            }

            fmtp.TryGetParameter("profile-level-id", out var profile);
            var score = string.Equals(profile, preferredProfile, StringComparison.OrdinalIgnoreCase) ? 3
                : profile.StartsWith("42e0", StringComparison.OrdinalIgnoreCase) ? 2
                : profile.StartsWith("4200", StringComparison.OrdinalIgnoreCase) ? 1
                : 0;
            if (score > bestScore)
            {
                best = map;
                bestScore = score;
            }
        }

        return best;
    }

    internal static void MoveToFront(List<NegotiatedCodec> chosen, IReadOnlyList<NegotiatedCodec> preferred)
    {
        var insertAt = 0;
        foreach (var wanted in preferred)
        {
            for (var i = insertAt; i < chosen.Count; i++)
            {
                if (chosen[i].IsNamed(wanted.Name))
                {
                    var codec = chosen[i];
                    chosen.RemoveAt(i);
                    chosen.Insert(insertAt++, codec);
                    break;
                }
            }
        }
    }
}
