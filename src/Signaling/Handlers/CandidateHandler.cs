using Signaling.Protocol;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Handlers;

/// <summary>
/// A trickled browser candidate. The server is ICE-lite (RFC 8445 section 2.5): it never sends connectivity checks,
/// it learns the browser's address from the STUN binding requests that arrive, so a valid candidate is only accepted.
/// </summary>
internal sealed class CandidateHandler : JoinedMessageHandler<CandidateMessage>
{
    protected override void Handle(SignalingSession session, Participant participant, CandidateMessage message)
    {
    }
}
