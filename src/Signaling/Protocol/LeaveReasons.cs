namespace Signaling.Protocol;

/// <summary>The <c>reason</c> of <c>leave</c> and <c>participantLeft</c>.</summary>
public static class LeaveReasons
{
    /// <summary>The participant sent <c>leave</c>.</summary>
    public const string Left = "left";

    /// <summary>The WebSocket dropped and no resume came within the grace period.</summary>
    public const string Disconnected = "disconnected";

    /// <summary>The engine reported the media path gone (ICE consent expired, DTLS failed).</summary>
    public const string TransportClosed = "transportClosed";

    /// <summary>Another connection took over this participant (resume, or the same participant id joined again).</summary>
    public const string Replaced = "replaced";

    /// <summary>
    /// The participant's media (ICE and DTLS) did not connect within <c>Signaling:MediaConnectTimeout</c> of its join, and
    /// a join that would otherwise have been refused as full took its seat.
    /// </summary>
    public const string MediaTimeout = "mediaTimeout";

    /// <summary>An operator removed the participant (<c>POST /api/rooms/{room}/participants/{id}/kick</c>).</summary>
    public const string Kicked = "kicked";

    /// <summary>An operator ended the meeting (<c>POST /api/rooms/{room}/end</c>): everyone in the room gets it.</summary>
    public const string MeetingEnded = "meetingEnded";

    /// <summary>The server is stopping (the host's ApplicationStopping): everyone connected gets it.</summary>
    public const string ServerShutdown = "serverShutdown";

    /// <summary>
    /// Never sent in <c>leave</c> or <c>participantLeft</c>: the WebSocket close description (1008) of a connection whose
    /// outbound queue overflowed. The participant stays for the grace period, so the client resumes as after any drop.
    /// </summary>
    public const string TooSlow = "tooSlow";
}
