using System.Globalization;

using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// Payload type numbers for m= lines the server adds. Within a BUNDLE a payload type must mean the same codec on every
/// m= line (RFC 8843 section 9.1.2), so an existing number for the same codec is reused, then the preferred one if free,
/// then a free dynamic one (96-127, then 35-63 as browsers do).
/// </summary>
internal sealed class PayloadTypeAllocator
{
    private readonly Dictionary<int, string> keyByPayloadType = [];

    public PayloadTypeAllocator(NegotiatedSession? current)
    {
        if (current is null)
        {
            return;
        }

        foreach (var media in current.Media)
        {
            if (media.Rejected)
            {
                continue;
            }

            foreach (var codec in media.Codecs)
            {
                keyByPayloadType.TryAdd(codec.PayloadType, Key(codec));
                if (codec.RtxPayloadType is { } rtx)
                {
                    keyByPayloadType.TryAdd(rtx, RtxKey(codec.PayloadType, codec.ClockRate));
                }
            }
        }
    }

    /// <summary>The codec with payload types fixed for this session, or null when none is left.</summary>
    public NegotiatedCodec? Allocate(NegotiatedCodec codec)
    {
        var payloadType = Allocate(codec.PayloadType, Key(codec));
        if (payloadType < 0)
        {
            return null;
        }

        int? rtx = null;
        if (codec.RtxPayloadType is { } preferredRtx)
        {
            var allocated = Allocate(preferredRtx, RtxKey(payloadType, codec.ClockRate));
            rtx = allocated < 0 ? null : allocated;
        }

        return codec with { PayloadType = payloadType, RtxPayloadType = rtx };
    }

    private int Allocate(int preferred, string key)
    {
        foreach (var pair in keyByPayloadType)
        {
            if (pair.Value == key)
            {
                return pair.Key;
            }
        }

        if (preferred is >= 0 and <= 127 && keyByPayloadType.TryAdd(preferred, key))
        {
            return preferred;
        }

        for (var pt = 96; pt <= 127; pt++)
        {
            if (keyByPayloadType.TryAdd(pt, key))
            {
                return pt;
            }
        }

        for (var pt = 35; pt <= 63; pt++)
        {
            if (keyByPayloadType.TryAdd(pt, key))
            {
                return pt;
            }
        }

        return -1;
    }

    /// <summary>Identity of a codec configuration: name, clock, channels, and for H264 the profile and packetization mode.</summary>
    private static string Key(NegotiatedCodec codec)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{codec.Name.ToLowerInvariant()}/{codec.ClockRate}/{codec.Channels}");
        if (!codec.IsNamed("H264"))
        {
            return key;
        }

        var fmtp = new SdpFmtp(codec.PayloadType, codec.Parameters ?? "");
        fmtp.TryGetParameter("profile-level-id", out var profile);
        fmtp.TryGetParameter("packetization-mode", out var mode);
        return key + "/" + profile.ToLowerInvariant() + "/" + (mode.Length == 0 ? "0" : mode);
    }

    private static string RtxKey(int payloadType, int clockRate)
        => string.Create(CultureInfo.InvariantCulture, $"rtx/{clockRate}/apt={payloadType}");
}
