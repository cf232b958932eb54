namespace Sfu.Routing;

/// <summary>Where RTCP the server originates for one participant goes (its transport in production, a recorder in tests).</summary>
public interface IRtcpPacketSender
{
    /// <summary>Whether RTCP sent now would reach the participant (its transport is connected).</summary>
    bool IsReady { get; }

    /// <summary>Sends a compound packet of <paramref name="length"/> bytes; the bytes after them are tail room for SRTCP.</summary>
    bool SendRtcp(Span<byte> packet, int length);
}
