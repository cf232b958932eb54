using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// Which codecs, feedback and header extensions the SFU accepts. Audio is Opus/48000/2 only; video is VP8 first, then
/// H264 packetization-mode=1 (one profile, <see cref="PreferredH264ProfileLevelId"/> preferred) when allowed, each with
/// its RTX. Nothing is transcoded, so every participant must share these.
/// </summary>
public sealed class CodecPolicy
{
    public static CodecPolicy Default { get; } = new();

    public bool AllowVp8 { get; init; } = true;

    public bool AllowH264 { get; init; } = true;

    /// <summary>Constrained Baseline 3.1, the profile every browser decodes.</summary>
    public string PreferredH264ProfileLevelId { get; init; } = "42e01f";

    /// <summary>rtcp-fb values kept from the offer for chosen codecs.</summary>
    public IReadOnlyList<string> AllowedFeedback { get; init; } = ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"];

    /// <summary>extmap URIs kept (with the offer's ids).</summary>
    public IReadOnlyList<string> AllowedHeaderExtensions { get; init; } =
    [
        SdpExtensionUris.AudioLevel,
        SdpExtensionUris.Mid,
        SdpExtensionUris.AbsSendTime,
        SdpExtensionUris.TransportWideCc,
        SdpExtensionUris.RtpStreamId,
        SdpExtensionUris.RepairedRtpStreamId,
    ];

    /// <summary>
    /// Whether a RID simulcast offer (a=rid:... send with a=simulcast:send, RFC 8853) is accepted with a=rid recv and
    /// a=simulcast:recv, so the browser sends every encoding; each becomes a layer of the producer and each subscriber is
    /// forwarded the one that fits (see Forwarding.LayerSelector and Congestion.StreamAllocator). When off, the answer
    /// carries no a=simulcast, which declines it (RFC 8853 section 5.3) and the offerer sends a single encoding.
    /// </summary>
    public bool AcceptSimulcast { get; init; } = true;

    /// <summary>Opus minptime written when the offer has none.</summary>
    public int OpusMinPtime { get; init; } = 10;

    // Payload types and extension ids for m= lines the server offers first; kept only when not taken in the session.
    public int OpusPayloadType { get; init; } = 111;

    public int Vp8PayloadType { get; init; } = 96;

    public int Vp8RtxPayloadType { get; init; } = 97;

    public int H264PayloadType { get; init; } = 102;

    public int H264RtxPayloadType { get; init; } = 103;

    public bool AllowsFeedback(string value)
    {
        foreach (var allowed in AllowedFeedback)
        {
            if (string.Equals(allowed, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public bool AllowsHeaderExtension(string uri)
    {
        foreach (var allowed in AllowedHeaderExtensions)
        {
            if (string.Equals(allowed, uri, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Codecs the server offers on a new m= line of this kind, with the default payload types.</summary>
    public IReadOnlyList<NegotiatedCodec> DefaultCodecs(string kind)
    {
        if (kind == "audio")
        {
            return [new NegotiatedCodec("opus", OpusPayloadType, 48000, 2, OpusParameters(null), null, ["transport-cc"])];
        }

        if (kind != "video")
        {
            return [];
        }

        string[] feedback = ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"];
        var codecs = new List<NegotiatedCodec>(2);
        if (AllowVp8)
        {
            codecs.Add(new NegotiatedCodec("VP8", Vp8PayloadType, 90000, null, null, Vp8RtxPayloadType, Filter(feedback)));
        }

        if (AllowH264)
        {
            var fmtp = "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + PreferredH264ProfileLevelId;
            codecs.Add(new NegotiatedCodec("H264", H264PayloadType, 90000, null, fmtp, H264RtxPayloadType, Filter(feedback)));
        }

        return codecs;
    }

    /// <summary>Header extensions the server offers on a new m= line: RTP-stream-id ones only where the browser sends.</summary>
    public IReadOnlyList<string> DefaultHeaderExtensions(string kind, bool serverReceives)
    {
        var result = new List<string>();
        foreach (var uri in AllowedHeaderExtensions)
        {
            var fits = uri switch
            {
                SdpExtensionUris.AudioLevel => kind == "audio",
                SdpExtensionUris.RtpStreamId or SdpExtensionUris.RepairedRtpStreamId => kind == "video" && serverReceives,
                _ => true,
            };
            if (fits)
            {
                result.Add(uri);
            }
        }

        return result;
    }

    /// <summary>Ids Chrome uses, so server-made m= lines agree with what browsers pick.</summary>
    internal static int PreferredExtensionId(string uri) => uri switch
    {
        SdpExtensionUris.AudioLevel => 1,
        SdpExtensionUris.AbsSendTime => 2,
        SdpExtensionUris.TransportWideCc => 3,
        SdpExtensionUris.Mid => 4,
        SdpExtensionUris.RtpStreamId => 10,
        SdpExtensionUris.RepairedRtpStreamId => 11,
        _ => 0,
    };

    /// <summary>
    /// "minptime=N;useinbandfec=1" (RFC 7587 section 6.1): minptime from the offer when it has one. useinbandfec is
    /// always 1 because FEC in what we receive is forwarded to every subscriber.
    /// </summary>
    internal string OpusParameters(SdpFmtp? offered)
    {
        var minPtime = OpusMinPtime.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (offered is not null && offered.TryGetParameter("minptime", out var value)
            && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            minPtime = value;
        }

        return $"minptime={minPtime};useinbandfec=1";
    }

    private List<string> Filter(string[] feedback)
    {
        var result = new List<string>(feedback.Length);
        foreach (var item in feedback)
        {
            if (AllowsFeedback(item))
            {
                result.Add(item);
            }
        }

        return result;
    }
}
