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

    public const string Kicked = "kicked";
    public const string MeetingEnded = "meetingEnded";

    /// <summary>The client could not keep up with its outbound messages.</summary>
    public const string TooSlow = "tooSlow";
}
