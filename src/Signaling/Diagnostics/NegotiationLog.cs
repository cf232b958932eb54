using Microsoft.Extensions.Logging;

namespace Signaling.Diagnostics;

/// <summary>
/// Successful (re)negotiations, for operators following a participant's session (failures are <see cref="SignalingLog"/>
/// 3006). Written inside the message's scope, so JSON logs carry the meeting and participant ids. Event ids 3150-3199.
/// </summary>
internal static partial class NegotiationLog
{
    [LoggerMessage(EventId = 3150, Level = LogLevel.Information, Message = "Participant {ParticipantId} (re)negotiated: its offer was answered")]
    public static partial void BrowserOfferAnswered(ILogger logger, string participantId);
}
