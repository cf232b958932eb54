namespace Sfu.Routing;

/// <summary>
/// Everything a participant sends: the RTP of its consumers and the RTCP it originates. Its transport in production;
/// a recorder in tests, so routing is observable without DTLS or sockets.
/// </summary>
internal interface IParticipantSender : IRtpPacketSender, IRtcpPacketSender, IReceivedSsrcRelease
{
}
