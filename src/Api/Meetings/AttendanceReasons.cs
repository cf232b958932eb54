using Signaling.Protocol;

namespace Api.Meetings;

/// <summary>The <c>leave_reason</c> of an attendance row: signaling's leave reasons in the API's snake_case.</summary>
public static class AttendanceReasons
{
    public const string Removed = "removed";
    public const string ServerShutdown = "server_shutdown";

    /// <summary>The server stopped without its graceful sweep (a crash) and closed the row when it started again.</summary>
    public const string ServerRestart = "server_restart";

    public static string FromLeaveReason(string reason) => reason switch
    {
        LeaveReasons.Left => "left",
        LeaveReasons.Disconnected => "disconnected",
        LeaveReasons.TransportClosed => "transport_closed",
        LeaveReasons.Replaced => "replaced",
        LeaveReasons.MediaTimeout => "media_timeout",
        LeaveReasons.Kicked => Removed,
        LeaveReasons.MeetingEnded => "meeting_ended",
        LeaveReasons.ServerShutdown => ServerShutdown,
        _ => "other",
    };
}
