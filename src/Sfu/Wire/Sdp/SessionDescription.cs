using Sfu.Wire.Sdp.Parsing;
using Sfu.Wire.Sdp.Writing;

namespace Sfu.Wire.Sdp;

/// <summary>
/// A session description (RFC 8866) as WebRTC uses it (RFC 8829). Parsing never throws;
/// <see cref="ToString"/> writes the canonical form with CRLF line ends.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>Inputs larger than this are refused: signaling never carries SDP near this size.</summary>
    public const int MaxTextLength = 1 << 20;

    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = new("-", 0, 0, "IN", "IP4", "127.0.0.1");

    public string SessionName { get; set; } = "-";

    public string? Information { get; set; }

    public string? Uri { get; set; }

    public List<string> Emails { get; } = [];

    public List<string> Phones { get; } = [];

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>t= lines; the writer emits "t=0 0" when this is empty.</summary>
    public List<SdpTiming> Timings { get; } = [];

    /// <summary>z= line, kept as written.</summary>
    public string? TimeZones { get; set; }

    public string? EncryptionKey { get; set; }

    public List<SdpGroup> Groups { get; } = [];

    public bool IceLite { get; set; }

    public List<string> IceOptions { get; } = [];

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<SdpFingerprint> Fingerprints { get; } = [];

    public SdpSetupRole? Setup { get; set; }

    public SdpMsidSemantic? MsidSemantic { get; set; }

    /// <summary>Session-level direction, the default of every m= section that has none.</summary>
    public SdpDirection? Direction { get; set; }

    /// <summary>Attributes not modelled above (e.g. extmap-allow-mixed), in their original order.</summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    /// <summary>The first a=group:BUNDLE, if any (RFC 8843 section 7.1).</summary>
    public SdpGroup? BundleGroup
    {
        get
        {
            foreach (var group in Groups)
            {
                if (group.IsBundle)
                {
                    return group;
                }
            }

            return null;
        }
    }

    /// <summary>The direction that applies to an m= section: its own, else the session's, else sendrecv (RFC 8866 section 6.7).</summary>
    public SdpDirection EffectiveDirection(MediaDescription media) => media.Direction ?? Direction ?? SdpDirection.SendRecv;

    public MediaDescription? FindMedia(string mid)
    {
        foreach (var media in Media)
        {
            if (media.Mid == mid)
            {
                return media;
            }
        }

        return null;
    }

    /// <summary>Parses SDP text with CRLF or LF line ends. Returns false with a "line N: ..." error on bad input; never throws.</summary>
    public static bool TryParse(string? text, out SessionDescription? sdp, out string? error)
        => SdpReader.TryRead(text, out sdp, out error);

    /// <summary>The canonical text: RFC 8866 line order, modelled attributes first in a fixed order, then the unmodelled ones, CRLF line ends.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
