namespace Api.Meetings;

/// <summary><c>Meetings:*</c>: lifecycle and history settings of the meetings API.</summary>
public sealed class MeetingsOptions
{
    public const string SectionName = "Meetings";

    /// <summary>An active meeting ends this long after its last participant left (unless someone joins again).</summary>
    public TimeSpan EmptyGracePeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many recent chat messages a participant gets when it joins.</summary>
    public int ChatHistoryOnJoin { get; set; } = 50;

    /// <summary>
    /// The name of this server among those sharing one database: the attendance rows it admits carry it, and at start it
    /// closes its own rows a crash left open. Empty: the host name and the data folder (<see cref="ServerInstance"/>).
    /// </summary>
    public string? InstanceId { get; set; }
}
