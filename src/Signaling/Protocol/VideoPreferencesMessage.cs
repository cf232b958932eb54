using System.Globalization;

namespace Signaling.Protocol;

/// <summary>
/// <c>videoPreferences</c>: how the subscriber shows each remote video, replacing the previous set. Tracks not listed
/// get the default (visible, highest layer that fits).
/// </summary>
public sealed class VideoPreferencesMessage : ClientMessage
{
    /// <summary>More entries than a page can show are refused: a 25-tile grid with screen shares fits well within it.</summary>
    public const int MaxTracks = 100;

    /// <summary>Larger than any screen times any devicePixelRatio: a bigger number is a bug or an attack, not a tile.</summary>
    public const int MaxDimension = 16_384;

    public List<VideoTrackPreference?>? Tracks { get; set; }

    public override ProtocolError? Validate()
    {
        if (Tracks is null)
        {
            return ProtocolError.BadField("tracks", "'tracks' is required (an array, empty for none)");
        }

        if (Tracks.Count > MaxTracks)
        {
            return ProtocolError.BadField("tracks", $"'tracks' has more than {MaxTracks} entries");
        }

        for (int i = 0; i < Tracks.Count; i++)
        {
            string prefix = "tracks[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (Tracks[i] is not { } track)
            {
                return ProtocolError.BadField(prefix, $"'{prefix}' must be an object");
            }

            ProtocolError? error = RequireText(track.ParticipantId, prefix + ".participantId", 64)
                ?? PublishMessage.ValidateTrackId(track.TrackId, prefix + ".trackId")
                ?? CheckDimension(track.Width, prefix + ".width")
                ?? CheckDimension(track.Height, prefix + ".height");
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    private static ProtocolError? CheckDimension(int? value, string field) => value switch
    {
        null => ProtocolError.BadField(field, $"'{field}' is required"),
        < 0 or > MaxDimension => ProtocolError.BadField(field, $"'{field}' must be between 0 and {MaxDimension}"),
        _ => null,
    };
}

/// <summary>One remote video in <see cref="VideoPreferencesMessage"/>: its rendered size in device pixels, visible, pinned.</summary>
public sealed class VideoTrackPreference
{
    public string? ParticipantId { get; set; }

    public string? TrackId { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    /// <summary>False for a hidden, off-screen or background-tab tile: the server stops sending that video. Default true.</summary>
    public bool? Visible { get; set; }

    /// <summary>A pinned tile gets its layer before every unpinned one. Default false.</summary>
    public bool? Pinned { get; set; }
}

/// <summary>Dynacast: the publisher should send exactly these simulcast layers of its track (rids, or indexes as text).</summary>
public sealed class LayersMessage : ServerMessage
{
    public override string Type => MessageTypes.Layers;

    public required string TrackId { get; init; }

    public required IReadOnlyList<string> Active { get; init; }
}

/// <summary>The server paused (or resumed) a remote video for this subscriber; reason "bandwidth" or "hidden".</summary>
public sealed class VideoPausedMessage : ServerMessage
{
    public override string Type => MessageTypes.VideoPaused;

    public required string ParticipantId { get; init; }

    public required string TrackId { get; init; }

    public bool Paused { get; init; }

    public required string Reason { get; init; }
}
