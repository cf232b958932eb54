namespace Signaling.Protocol;

/// <summary>An error to report to the client; <see cref="Field"/> names the offending field of a bad_request.</summary>
public sealed record ProtocolError(string Code, string Message, string? Field = null)
{
    public static ProtocolError BadField(string field, string message) => new(ErrorCodes.BadRequest, message, field);
}
