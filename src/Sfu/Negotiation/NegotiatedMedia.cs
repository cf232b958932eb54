using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// An agreed codec: the payload type on the wire, the fmtp we wrote for it, its RTX payload type (apt=) if any,
/// and the RTCP feedback both sides agreed ("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc").
/// </summary>
public sealed record NegotiatedCodec(
    string Name,
    int PayloadType,
    int ClockRate,
    int? Channels,
    string? Parameters,
    int? RtxPayloadType,
    IReadOnlyList<string> Feedback)
{
    public bool HasFeedback(string feedback)
    {
        foreach (var item in Feedback)
        {
            if (string.Equals(item, feedback, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsNamed(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One encoding the browser sends: the media SSRC and its RTX SSRC (a=ssrc-group:FID), when signalled.</summary>
public sealed record RemoteEncoding(uint Ssrc, uint? RtxSsrc);

/// <summary>
/// What the browser publishes on an m= line. Encodings come from a=ssrc / FID / SIM lines (SIM order when present);
/// with RID simulcast (RFC 8853) Chrome signals no SSRCs, only <see cref="Rids"/>, and the SSRCs are learned from the
/// rtp-stream-id header extension.
/// </summary>
public sealed record RemoteSource(string? StreamId, string? TrackId, string? Cname, IReadOnlyList<RemoteEncoding> Encodings, IReadOnlyList<string> Rids)
{
    public bool IsSimulcast => Rids.Count > 1 || Encodings.Count > 1;
}

/// <summary>What was agreed for one m= line, in m= line order. <see cref="Direction"/> is the server's view: SendOnly means the server sends.</summary>
public sealed class NegotiatedMedia
{
    public required int Index { get; init; }

    public required string Mid { get; init; }

    /// <summary>"audio", "video", or the offered token for rejected lines ("application").</summary>
    public required string Kind { get; init; }

    public required string Protocol { get; init; }

    /// <summary>Port 0: nothing flows; kept so later descriptions keep the m= line (m= lines are never removed, RFC 8829 section 5.2.2).</summary>
    public bool Rejected { get; init; }

    /// <summary>The m= line formats as offered; only used to write a rejected line again.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    public SdpDirection Direction { get; init; } = SdpDirection.Inactive;

    /// <summary>Preferred codec first.</summary>
    public IReadOnlyList<NegotiatedCodec> Codecs { get; init; } = [];

    public IReadOnlyList<SdpExtmap> HeaderExtensions { get; init; } = [];

    public bool RtcpReducedSize { get; init; }

    /// <summary>The browser's outgoing stream on this m= line, when it sends.</summary>
    public RemoteSource? Remote { get; init; }

    /// <summary>The server's outgoing track on this m= line, when it sends.</summary>
    public OutgoingTrack? LocalTrack { get; init; }

    public bool ServerSends => !Rejected && Direction.Sends();

    public bool ServerReceives => !Rejected && Direction.Receives();

    /// <summary>Header extension id by URI (the table the RTP reader uses).</summary>
    public IReadOnlyDictionary<string, int> ExtensionIds
    {
        get
        {
            var table = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var extmap in HeaderExtensions)
            {
                table.TryAdd(extmap.Uri, extmap.Id);
            }

            return table;
        }
    }

    public NegotiatedCodec? FindCodec(int payloadType)
    {
        foreach (var codec in Codecs)
        {
            if (codec.PayloadType == payloadType || codec.RtxPayloadType == payloadType)
            {
                return codec;
            }
        }

        return null;
    }
}
