using Sfu.Wire.Sdp;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>
/// One m= line of the client's peer connection, like a browser's RTCRtpTransceiver: its mid, what was agreed on it
/// (direction from the client's side, payload types, extension ids) and the track sent or received on it.
/// A committed list is never changed again: every negotiation step works on clones (<see cref="Clone"/>).
/// </summary>
internal sealed class ClientTransceiver(string mid, string sdpKind)
{
    public string Mid { get; } = mid;

    /// <summary>The m= media token: "audio", "video", or whatever else an offer had (then always rejected).</summary>
    public string SdpKind { get; } = sdpKind;

    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";

    /// <summary>Port 0: nothing flows on this line any more (m= lines are never removed, RFC 8829 section 5.2.2).</summary>
    public bool Rejected { get; set; }

    /// <summary>The client's view: SendOnly means the client sends on this line.</summary>
    public SdpDirection Direction { get; set; } = SdpDirection.Inactive;

    /// <summary>Agreed codecs, preferred first, with the payload types the offerer chose.</summary>
    public List<NegotiatedCodec> Codecs { get; set; } = [];

    /// <summary>Agreed header extensions with the offerer's ids.</summary>
    public List<SdpExtmap> Extmaps { get; set; } = [];

    /// <summary>Formats to repeat on a rejected line.</summary>
    public List<string> RejectedFormats { get; set; } = [];

    /// <summary>The client's published track on this line, if any.</summary>
    public LocalTrack? Sender { get; set; }

    /// <summary>The server's track on this line while the server sends on it.</summary>
    public RemoteTrack? Receiver { get; set; }

    public ClientTransceiver Clone() => new(Mid, SdpKind)
    {
        Protocol = Protocol,
        Rejected = Rejected,
        Direction = Direction,
        Codecs = [.. Codecs],
        Extmaps = [.. Extmaps],
        RejectedFormats = [.. RejectedFormats],
        Sender = Sender,
        Receiver = Receiver,
    };

    /// <summary>The negotiated extension id of <paramref name="uri"/>, or 0.</summary>
    public int ExtensionId(string uri)
    {
        foreach (SdpExtmap extmap in Extmaps)
        {
            if (extmap.Uri == uri)
            {
                return extmap.Id;
            }
        }

        return 0;
    }

    public static List<ClientTransceiver> CloneAll(IReadOnlyList<ClientTransceiver> lines)
    {
        var copy = new List<ClientTransceiver>(lines.Count);
        foreach (ClientTransceiver line in lines)
        {
            copy.Add(line.Clone());
        }

        return copy;
    }
}
