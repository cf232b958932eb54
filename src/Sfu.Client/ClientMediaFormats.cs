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

    internal static bool IsSupportedExtension(string uri) => uri is SdpExtensionUris.Mid or SdpExtensionUris.AudioLevel or SdpExtensionUris.TransportWideCc;
}
