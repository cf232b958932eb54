using System.Net;
using System.Text.RegularExpressions;
using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;

namespace Sfu.IntegrationTests.Resilience;

/// <summary>
/// The engine as a participant behind a relay sees it: every description the engine writes for that participant (its
/// answers and its offers) names the relay's address in a=candidate instead of the engine's own, the way an operator's
/// announced address would. Participants without a relay get the engine's descriptions unchanged.
/// </summary>
internal sealed partial class RelayedEngine(ISfuEngine engine, IReadOnlyDictionary<string, IPEndPoint> relayByParticipant) : ISfuEngine
{
    public async Task<IPeerSession> CreatePeerAsync(string roomId, string participantId, IPeerSessionObserver observer, CancellationToken cancellationToken = default)
    {
        if (!relayByParticipant.TryGetValue(participantId, out IPEndPoint? relay))
        {
            return await engine.CreatePeerAsync(roomId, participantId, observer, cancellationToken);
        }

        return new Session(await engine.CreatePeerAsync(roomId, participantId, new Observer(observer, relay), cancellationToken), relay);
    }

    /// <summary>a=candidate:foundation component transport priority ADDRESS PORT typ ...</summary>
    internal static string AnnounceRelay(string sdp, IPEndPoint relay) =>
        CandidateAddress().Replace(sdp, match => $"{match.Groups["head"].Value}{relay.Address} {relay.Port} typ");

    [GeneratedRegex(@"(?<head>a=candidate:\S+ \d+ \S+ \d+ )\S+ \d+ typ")]
    private static partial Regex CandidateAddress();

    private sealed class Session(IPeerSession inner, IPEndPoint relay) : IPeerSession
    {
        public string RoomId => inner.RoomId;

        public string ParticipantId => inner.ParticipantId;

        public async Task<NegotiationResult> HandleOfferAsync(string offerSdp, CancellationToken cancellationToken = default)
        {
            NegotiationResult result = await inner.HandleOfferAsync(offerSdp, cancellationToken);
            return result.Succeeded ? NegotiationResult.Answered(AnnounceRelay(result.Sdp!, relay)) : result;
        }

        public Task<NegotiationResult> HandleAnswerAsync(string answerSdp, CancellationToken cancellationToken = default) =>
            inner.HandleAnswerAsync(answerSdp, cancellationToken);

        public void SetTrackMuted(string trackId, bool muted) => inner.SetTrackMuted(trackId, muted);

        public void ExpectBrowserOffer() => inner.ExpectBrowserOffer();

        public void SetVideoPreferences(IReadOnlyList<Sfu.Routing.VideoPreference> preferences) => inner.SetVideoPreferences(preferences);

        public void Dispose() => inner.Dispose();
    }

    private sealed class Observer(IPeerSessionObserver inner, IPEndPoint relay) : IPeerSessionObserver
    {
        public void OnServerOffer(string offerSdp) => inner.OnServerOffer(AnnounceRelay(offerSdp, relay));

        public void OnRemoteTrack(RemoteTrackInfo track, bool added) => inner.OnRemoteTrack(track, added);

        public void OnActiveSpeaker(string participantId) => inner.OnActiveSpeaker(participantId);

        public void OnMediaConnected() => inner.OnMediaConnected();

        public void OnTransportClosed(string reason) => inner.OnTransportClosed(reason);
    }
}
