using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>
/// The result of one offer/answer exchange on a peer connection: the remote transport, every m= line as agreed, and our
/// o= line counters. Feed it back as <see cref="AnswerOptions.Previous"/> or to <see cref="SdpOfferBuilder"/> for the
/// next round.
/// </summary>
public sealed class NegotiatedSession
{
    /// <summary>o= sess-id of our local descriptions; stays the same for the life of the peer connection.</summary>
    public required ulong SessionId { get; init; }

    /// <summary>o= sess-version of the last local description we produced.</summary>
    public required ulong SessionVersion { get; init; }

    public required string RemoteIceUfrag { get; init; }

    public required string RemoteIcePwd { get; init; }

    /// <summary>The remote certificate fingerprint to check after the DTLS handshake (sha-256 preferred).</summary>
    public required SdpFingerprint RemoteFingerprint { get; init; }

    public IReadOnlyList<SdpCandidate> RemoteCandidates { get; init; } = [];

    /// <summary>Accepted mids in BUNDLE order; the first is the BUNDLE tag.</summary>
    public IReadOnlyList<string> BundleMids { get; init; } = [];

    public required IReadOnlyList<NegotiatedMedia> Media { get; init; }

    /// <summary>Header extension id by URI across the bundle (ids are shared by all bundled m= lines, RFC 8843 section 9.2).</summary>
    public IReadOnlyDictionary<string, int> HeaderExtensionIds
    {
        get
        {
            var table = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var media in Media)
            {
                if (media.Rejected)
                {
                    continue;
                }

                foreach (var extmap in media.HeaderExtensions)
                {
                    table.TryAdd(extmap.Uri, extmap.Id);
                }
            }

            return table;
        }
    }

    /// <summary>Tracks the server sends, each with its mid: pass them as <see cref="AnswerOptions.Tracks"/> when the browser re-offers.</summary>
    public IReadOnlyList<OutgoingTrack> LocalTracks
    {
        get
        {
            var tracks = new List<OutgoingTrack>();
            foreach (var media in Media)
            {
                if (media.LocalTrack is { } track)
                {
                    tracks.Add(track with { Mid = media.Mid });
                }
            }

            return tracks;
        }
    }

    public NegotiatedMedia? FindMedia(string mid)
    {
        foreach (var media in Media)
        {
            if (media.Mid == mid)
            {
                return media;
            }
        }

        return null;
    }
}
