namespace Sfu.Engine.Commands;

/// <summary>The browser announced a track its next offer carries: the participant's server offers wait for it a while.</summary>
internal sealed class ExpectBrowserOfferCommand(PeerSession session) : WorkerCommand
{
    internal override void Execute() => session.Participant?.ExpectBrowserOffer();
}
