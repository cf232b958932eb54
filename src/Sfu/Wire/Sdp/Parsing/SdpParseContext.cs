namespace Sfu.Wire.Sdp.Parsing;

/// <summary>State while reading one SDP: where we are and what has been seen, for order and duplicate checks.</summary>
internal sealed class SdpParseContext
{
    public SessionDescription Sdp { get; } = new();

    public bool SeenVersion { get; set; }

    public bool SeenOrigin { get; set; }

    public bool SeenSessionName { get; set; }

    /// <summary>The m= section being read, null while in the session part.</summary>
    public MediaDescription? Media { get; private set; }

    /// <summary>Payload types with an a=rtpmap in the current m= section.</summary>
    public HashSet<int> RtpMapTypes { get; } = [];

    public HashSet<int> FmtpTypes { get; } = [];

    public HashSet<int> ExtmapIds { get; } = [];

    public void StartMedia(MediaDescription media)
    {
        Sdp.Media.Add(media);
        Media = media;
        RtpMapTypes.Clear();
        FmtpTypes.Clear();
        ExtmapIds.Clear();
    }

    /// <summary>v=, o= and s= are mandatory and come before everything else (RFC 8866 section 5).</summary>
    public string? MissingSessionLines()
    {
        if (!SeenOrigin)
        {
            return "missing o= line";
        }

        return SeenSessionName ? null : "missing s= line";
    }

    public string? Finish() => SeenVersion ? MissingSessionLines() : "SDP must start with v=";
}
