using Sfu.Wire.Sdp;
using Sfu.Negotiation;

using Sfu.Tests.Wire.Sdp;
namespace Sfu.Tests.Negotiation;

internal static class NegotiationFixtures
{
    public const string ServerFingerprint = "0F:1E:2D:3C:4B:5A:69:78:87:96:A5:B4:C3:D2:E1:F0:0F:1E:2D:3C:4B:5A:69:78:87:96:A5:B4:C3:D2:E1:F0";

    /// <summary>The browser's certificate digest in <see cref="BrowserAnswer"/>: a full sha-256 (32 pairs), as the engine requires.</summary>
    public const string BrowserFingerprint = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";

    public static readonly LocalTransportParameters Local = new(
        "srvU", "srvPwd0123456789012345ab", ServerFingerprint, [new HostCandidate("192.0.2.10", 40000), new HostCandidate("2001:db8::1", 40000)]);

    /// <summary>A policy that accepts RID simulcast, for the writer code behind <see cref="CodecPolicy.AcceptSimulcast"/>.</summary>
    public static readonly CodecPolicy SimulcastPolicy = new() { AcceptSimulcast = true };

    public static NegotiatedSession Answer(string offerText, out SessionDescription answer, AnswerOptions? options = null, CodecPolicy? policy = null)
    {
        var offer = SdpTestHelpers.Parse(offerText);
        Assert.True(SdpAnswerBuilder.TryBuildAnswer(offer, Local, policy ?? CodecPolicy.Default, options ?? AnswerOptions.None, out var built, out var negotiated, out var error), error);
        answer = built!;
        return negotiated!;
    }

    public static string AnswerError(string offerText, AnswerOptions? options = null)
    {
        var offer = SdpTestHelpers.Parse(offerText);
        Assert.False(SdpAnswerBuilder.TryBuildAnswer(offer, Local, CodecPolicy.Default, options ?? AnswerOptions.None, out var answer, out var negotiated, out var error));
        Assert.Null(answer);
        Assert.Null(negotiated);
        return error!;
    }

    /// <summary>
    /// What a browser answers to a server offer: same m= lines, mids and payload types, setup:active, its own ICE and
    /// fingerprint, the direction <paramref name="directionFor"/> picks, and SSRCs/msid where it sends.
    /// </summary>
    public static SessionDescription BrowserAnswer(SessionDescription offer, Func<MediaDescription, SdpDirection> directionFor, uint firstSsrc = 5000)
    {
        var answer = new SessionDescription { Origin = new SdpOrigin("-", 99, 2, "IN", "IP4", "127.0.0.1") };
        answer.Timings.Add(new SdpTiming(0, 0));
        var mids = new List<string>();
        var ssrc = firstSsrc;
        foreach (var offered in offer.Media)
        {
            if (offered.IsRejected)
            {
                answer.Media.Add(new MediaDescription(offered.Kind, 0, offered.Protocol, offered.Formats) { Mid = offered.Mid });
                continue;
            }

            mids.Add(offered.Mid!);
            var media = new MediaDescription(offered.Kind, 9, offered.Protocol, offered.Formats)
            {
                Connection = SdpConnection.Unspecified,
                IceUfrag = "brU1",
                IcePwd = "browserPwd0123456789012",
                Setup = SdpSetupRole.Active,
                Mid = offered.Mid,
                Direction = directionFor(offered),
                RtcpMux = true,
                RtcpRsize = true,
            };
            media.Fingerprints.Add(new SdpFingerprint("sha-256", BrowserFingerprint));
            media.Extmaps.AddRange(offered.Extmaps);
            media.RtpMaps.AddRange(offered.RtpMaps);
            media.Fmtps.AddRange(offered.Fmtps);
            media.RtcpFeedbacks.AddRange(offered.RtcpFeedbacks);
            if (media.Direction!.Value.Sends())
            {
                media.Msids.Add(new SdpMsid("browser-stream", "browser-track-" + offered.Mid));
                var rtx = ssrc + 1;
                media.SsrcGroups.Add(new SdpSsrcGroup("FID", [ssrc, rtx]));
                media.Ssrcs.Add(new SdpSsrc(ssrc, "cname", "browser"));
                media.Ssrcs.Add(new SdpSsrc(rtx, "cname", "browser"));
                ssrc += 2;
            }

            answer.Media.Add(media);
        }

        answer.Groups.Add(new SdpGroup("BUNDLE", mids));
        return answer;
    }

    /// <summary>Replaces every line that starts with <paramref name="prefix"/>; a null replacement deletes the lines.</summary>
    public static string ReplaceLines(string sdp, string prefix, string? replacement)
    {
        var lines = new List<string>();
        foreach (var line in sdp.Replace("\r\n", "\n").Split('\n'))
        {
            if (!line.TrimStart().StartsWith(prefix, StringComparison.Ordinal))
            {
                lines.Add(line);
            }
            else if (replacement is not null)
            {
                lines.Add(line[..(line.Length - line.TrimStart().Length)] + replacement);
            }
        }

        return string.Join('\n', lines);
    }
}
