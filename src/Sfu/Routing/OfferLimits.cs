using System.Globalization;
using Sfu.Wire.Sdp;

namespace Sfu.Routing;

/// <summary>
/// The media-level cap on what one browser offer may publish, checked before anything is answered or applied, so an
/// offer over it leaves the room untouched: no producer is made and nothing is offered to the others. Signaling caps
/// tracks per participant too; this holds for any caller of the engine and for the SDP itself, whose every sending
/// m= line would otherwise become a producer and an m= line in every other participant's next offer.
/// </summary>
internal static class OfferLimits
{
    /// <summary>Null when the offer is within <paramref name="maxPublishedTracks"/>; otherwise why it is refused.</summary>
    public static string? CheckPublishedTracks(SessionDescription offer, int maxPublishedTracks)
    {
        int sending = 0;
        foreach (MediaDescription media in offer.Media)
        {
            // Only lines the browser sends audio or video on become producers (RFC 3264 section 6.1: sendonly or sendrecv).
            if (!media.IsRejected && media.Kind is "audio" or "video" && offer.EffectiveDirection(media).Sends())
            {
                sending++;
            }
        }

        return sending <= maxPublishedTracks
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"the offer publishes {sending} tracks; at most {maxPublishedTracks} per participant are allowed");
    }
}
