using System.Text.Json.Serialization;

namespace Signaling.Protocol;

/// <summary>A message from the browser. <see cref="Id"/> is the client's optional request id, echoed in replies and errors.</summary>
public abstract class ClientMessage
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>Checks the fields after deserialization; returns the first problem or null.</summary>
    public virtual ProtocolError? Validate() => null;

    protected static ProtocolError? RequireText(string? value, string field, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return ProtocolError.BadField(field, $"'{field}' is required");
        }

        return value.Length > maxLength ? ProtocolError.BadField(field, $"'{field}' is longer than {maxLength} characters") : null;
    }
}

public sealed class JoinMessage : ClientMessage
{
    /// <summary>The signed meeting token; may be omitted when <see cref="ResumeToken"/> is given.</summary>
    public string? Token { get; set; }

    /// <summary>The <c>resumeToken</c> of an earlier <c>joined</c>, to re-attach after a dropped WebSocket.</summary>
    public string? ResumeToken { get; set; }

    public override ProtocolError? Validate()
    {
        if (string.IsNullOrEmpty(Token) && string.IsNullOrEmpty(ResumeToken))
        {
            return ProtocolError.BadField("token", "'token' is required (or 'resumeToken' to resume)");
        }

        // A token of any length goes to the token check, which refuses an overlong one as malformed: every bad token gets
        // the same answer (unauthorized, then close), not a shape error that leaves the connection open for another try.
        return ResumeToken is { Length: > 256 } ? ProtocolError.BadField("resumeToken", "'resumeToken' is too long") : null;
    }
}

/// <summary>An SDP offer or answer from the browser (type <c>offer</c> or <c>answer</c>).</summary>
public sealed class SdpMessage : ClientMessage
{
    public string? Sdp { get; set; }

    public override ProtocolError? Validate()
    {
        if (string.IsNullOrEmpty(Sdp))
        {
            return ProtocolError.BadField("sdp", "'sdp' is required");
        }

        // Every SDP starts with the version line (RFC 8866 section 5.1).
        return Sdp.StartsWith("v=0", StringComparison.Ordinal) ? null : ProtocolError.BadField("sdp", "'sdp' is not an SDP (must start with v=0)");
    }
}

/// <summary>A trickled ICE candidate, as RTCIceCandidate.toJSON() gives it.</summary>
public sealed class CandidateMessage : ClientMessage
{
    public IceCandidateInit? Candidate { get; set; }

    public override ProtocolError? Validate()
    {
        if (Candidate is null)
        {
            return ProtocolError.BadField("candidate", "'candidate' is required");
        }

        if (Candidate.Candidate is null)
        {
            return ProtocolError.BadField("candidate.candidate", "'candidate.candidate' is required (empty string for end-of-candidates)");
        }

        // RFC 8839 section 5.1: a candidate attribute value starts with "candidate:".
        if (Candidate.Candidate.Length > 0 && !Candidate.Candidate.StartsWith("candidate:", StringComparison.Ordinal))
        {
            return ProtocolError.BadField("candidate.candidate", "'candidate.candidate' must start with 'candidate:'");
        }

        if (Candidate.Candidate.Length > 1024)
        {
            return ProtocolError.BadField("candidate.candidate", "'candidate.candidate' is too long");
        }

        if (Candidate.SdpMid is null && Candidate.SdpMLineIndex is null && Candidate.Candidate.Length > 0)
        {
            return ProtocolError.BadField("candidate.sdpMid", "'candidate.sdpMid' or 'candidate.sdpMLineIndex' is required");
        }

        return Candidate.SdpMLineIndex is < 0 ? ProtocolError.BadField("candidate.sdpMLineIndex", "'candidate.sdpMLineIndex' must not be negative") : null;
    }
}

public sealed class IceCandidateInit
{
    public string? Candidate { get; set; }

    public string? SdpMid { get; set; }

    public int? SdpMLineIndex { get; set; }

    public string? UsernameFragment { get; set; }
}

/// <summary>Announces a local track before the offer that carries it.</summary>
public sealed class PublishMessage : ClientMessage
{
    public string? TrackId { get; set; }

    public string? StreamId { get; set; }

    public string? Kind { get; set; }

    public string? Source { get; set; }

    public bool Muted { get; set; }

    public override ProtocolError? Validate()
    {
        ProtocolError? error = ValidateTrackId(TrackId, "trackId") ?? ValidateTrackId(StreamId, "streamId");
        if (error is not null)
        {
            return error;
        }

        if (!TrackKinds.IsKnown(Kind))
        {
            return ProtocolError.BadField("kind", "'kind' must be \"audio\" or \"video\"");
        }

        if (!TrackSources.IsKnown(Source))
        {
            return ProtocolError.BadField("source", "'source' must be \"camera\", \"microphone\" or \"screen\"");
        }

        return TrackSources.Fits(Source!, Kind!) ? null : ProtocolError.BadField("source", $"source \"{Source}\" cannot carry {Kind}");
    }

    /// <summary>
    /// Track and stream ids end up in a=msid lines (RFC 8830 section 2: msid-id is 1*64 token-char), so they are
    /// held to that: 1-64 visible ASCII characters without spaces.
    /// </summary>
    internal static ProtocolError? ValidateTrackId(string? value, string field)
    {
        ProtocolError? error = RequireText(value, field, 64);
        if (error is not null)
        {
            return error;
        }

        foreach (char c in value!)
        {
            if (c <= ' ' || c > '~')
            {
                return ProtocolError.BadField(field, $"'{field}' must be visible ASCII without spaces");
            }
        }

        return null;
    }
}

public sealed class UnpublishMessage : ClientMessage
{
    public string? TrackId { get; set; }

    public override ProtocolError? Validate() => PublishMessage.ValidateTrackId(TrackId, "trackId");
}

public sealed class MuteMessage : ClientMessage
{
    public string? TrackId { get; set; }

    public bool? Muted { get; set; }

    public override ProtocolError? Validate() =>
        PublishMessage.ValidateTrackId(TrackId, "trackId")
        ?? (Muted is null ? ProtocolError.BadField("muted", "'muted' is required (true or false)") : null);
}

public sealed class ChatMessage : ClientMessage
{
    public string? Text { get; set; }

    /// <summary>Length is checked against the configured limit by the handler; here only presence.</summary>
    public override ProtocolError? Validate() =>
        string.IsNullOrWhiteSpace(Text) ? ProtocolError.BadField("text", "'text' is required and must not be blank") : null;
}

/// <summary>A message without fields of its own (<c>ping</c>, <c>leave</c>).</summary>
public sealed class EmptyMessage : ClientMessage;
