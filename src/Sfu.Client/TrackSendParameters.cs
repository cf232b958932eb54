using System.Text;
using Sfu.Negotiation;

namespace Sfu.Client;

/// <summary>
/// How a published track goes on the wire after negotiation: the payload type the answer kept for our codec, our
/// mid and the extension ids of its m= line. Replaced as a whole on each negotiation; the sender reads it per packet.
/// </summary>
public sealed class TrackSendParameters
{
    /// <param name="payloadType">Payload type of our codec on the m= line.</param>
    /// <param name="mid">The m= line's mid.</param>
    /// <param name="midExtensionId">sdes:mid extension id, 0 for none.</param>
    /// <param name="audioLevelExtensionId">ssrc-audio-level extension id, 0 for none.</param>
    /// <param name="active">Whether the server receives on the line.</param>
    public TrackSendParameters(byte payloadType, string mid, int midExtensionId, int audioLevelExtensionId, bool active = true)
    {
        PayloadType = payloadType;
        Mid = Encoding.ASCII.GetBytes(mid);
        MidExtensionId = midExtensionId;
        AudioLevelExtensionId = audioLevelExtensionId;
        IsActive = active;
    }

    public byte PayloadType { get; }

    /// <summary>The mid as the sdes:mid extension carries it (RFC 8843 section 15).</summary>
    public byte[] Mid { get; }

    public int MidExtensionId { get; }

    public int AudioLevelExtensionId { get; }

    /// <summary>False while the server does not receive on the line (rejected or inactive).</summary>
    public bool IsActive { get; }

    /// <summary>The RTX payload type (RFC 4588 apt=) the answer kept for our codec, 0 for none.</summary>
    public int RtxPayloadType { get; init; }

    /// <summary>RtpStreamId extension id (RFC 8852), 0 for none: simulcast layers carry their rid in it.</summary>
    public int RtpStreamIdExtensionId { get; init; }

    internal static TrackSendParameters? From(ClientTransceiver line)
    {
        if (line.Rejected || line.Codecs.Count == 0)
        {
            return null;
        }

        return new TrackSendParameters(
            (byte)line.Codecs[0].PayloadType,
            line.Mid,
            line.ExtensionId(SdpExtensionUris.Mid),
            line.ExtensionId(SdpExtensionUris.AudioLevel),
            line.Direction is Wire.Sdp.SdpDirection.SendOnly or Wire.Sdp.SdpDirection.SendRecv)
        {
            RtxPayloadType = line.Codecs[0].RtxPayloadType ?? 0,
            RtpStreamIdExtensionId = line.ExtensionId(SdpExtensionUris.RtpStreamId),
        };
    }
}
