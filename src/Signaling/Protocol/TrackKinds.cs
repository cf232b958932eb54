namespace Signaling.Protocol;

/// <summary>The <c>kind</c> of a track, as MediaStreamTrack.kind spells it.</summary>
public static class TrackKinds
{
    public const string Audio = "audio";
    public const string Video = "video";

    public static bool IsKnown(string? kind) => kind is Audio or Video;
}

/// <summary>The <c>source</c> of a track: what the publisher captures it from.</summary>
public static class TrackSources
{
    public const string Camera = "camera";
    public const string Microphone = "microphone";
    public const string Screen = "screen";

    public static bool IsKnown(string? source) => source is Camera or Microphone or Screen;

    /// <summary>A camera is video and a microphone audio; a screen share may carry both (tab audio).</summary>
    public static bool Fits(string source, string kind) => source switch
    {
        Camera => kind == TrackKinds.Video,
        Microphone => kind == TrackKinds.Audio,
        _ => true,
    };
}
