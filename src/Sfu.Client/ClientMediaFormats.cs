using Sfu.Engine;
using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>
/// What the client offers, the way Chrome writes it: Opus on payload type 111, VP8 on 96 with RTX on 97, the
/// ssrc-audio-level extension on id 1 and sdes:mid on id 4. Only these codecs are accepted in server offers too.
/// </summary>
public static class ClientMediaFormats
{
    public const int OpusPayloadType = 111;
    public const int Vp8PayloadType = 96;
    public const int Vp8RtxPayloadType = 97;
    public const int AudioLevelExtensionId = 1;
    public const int MidExtensionId = 4;

    /// <summary>Chrome's ids for RtpStreamId and RepairedRtpStreamId (RFC 8852) on a simulcast video line.</summary>
    public const int RtpStreamIdExtensionId = 10;
    public const int RepairedRtpStreamIdExtensionId = 11;

    public const int AudioClockRate = 48000;
    public const int VideoClockRate = 90000;

    internal static readonly string[] SupportedFeedback = ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"];

    internal static NegotiatedCodec Opus { get; } =
        new("opus", OpusPayloadType, AudioClockRate, 2, "minptime=10;useinbandfec=1", null, ["transport-cc"]);

    internal static NegotiatedCodec Vp8 { get; } =
        new("VP8", Vp8PayloadType, VideoClockRate, null, null, Vp8RtxPayloadType, SupportedFeedback);

    internal static List<NegotiatedCodec> DefaultCodecs(MediaKind kind) => kind == MediaKind.Audio ? [Opus] : [Vp8];

    internal static List<SdpExtmap> DefaultExtensions(MediaKind kind) => kind == MediaKind.Audio
        ? [new SdpExtmap(AudioLevelExtensionId, null, SdpExtensionUris.AudioLevel, null), new SdpExtmap(MidExtensionId, null, SdpExtensionUris.Mid, null)]
        : [new SdpExtmap(MidExtensionId, null, SdpExtensionUris.Mid, null)];

    /// <summary>The extensions of a line: a simulcast video line adds the rid extensions (RFC 8853 section 5.3 needs RtpStreamId).</summary>
    internal static List<SdpExtmap> DefaultExtensions(LocalTrack track)
    {
        List<SdpExtmap> extmaps = DefaultExtensions(track.Kind);
        if (track.Layers is not null)
        {
            extmaps.Add(new SdpExtmap(RtpStreamIdExtensionId, null, SdpExtensionUris.RtpStreamId, null));
            extmaps.Add(new SdpExtmap(RepairedRtpStreamIdExtensionId, null, SdpExtensionUris.RepairedRtpStreamId, null));
        }

        return extmaps;
    }

    internal static bool TryGetKind(string sdpKind, out MediaKind kind)
    {
        kind = sdpKind == "video" ? MediaKind.Video : MediaKind.Audio;
        return sdpKind is "audio" or "video";
    }

    internal static string ToSdpKind(MediaKind kind) => kind == MediaKind.Audio ? "audio" : "video";

    /// <summary>The media codec of this kind the client can send and check (Opus or VP8).</summary>
    internal static bool IsMediaCodec(MediaKind kind, string name, int clockRate) => kind == MediaKind.Audio
        ? string.Equals(name, "opus", StringComparison.OrdinalIgnoreCase) && clockRate == AudioClockRate
        : string.Equals(name, "VP8", StringComparison.OrdinalIgnoreCase) && clockRate == VideoClockRate;

    internal static bool IsSupportedExtension(string uri) => uri is SdpExtensionUris.Mid or SdpExtensionUris.AudioLevel or SdpExtensionUris.TransportWideCc
        or SdpExtensionUris.RtpStreamId or SdpExtensionUris.RepairedRtpStreamId;
}
