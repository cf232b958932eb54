using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>The remote ICE/DTLS parameters of a bundle: media-level values win over session-level ones (RFC 8839 section 5.4, RFC 8122 section 5).</summary>
internal sealed record RemoteTransport(string IceUfrag, string IcePwd, SdpFingerprint Fingerprint, SdpSetupRole Setup, List<SdpCandidate> Candidates)
{
    /// <summary>
    /// Reads the transport of <paramref name="tagged"/> (the BUNDLE tag), falling back to the session level.
    /// Candidates are gathered from every accepted m= line. A missing setup means "active" (RFC 4145 section 4).
    /// </summary>
    public static bool TryRead(SessionDescription sdp, MediaDescription? tagged, IEnumerable<MediaDescription> accepted, out RemoteTransport? transport, out string? error)
    {
        transport = null;
        var ufrag = tagged?.IceUfrag ?? sdp.IceUfrag;
        var pwd = tagged?.IcePwd ?? sdp.IcePwd;
        if (string.IsNullOrEmpty(ufrag) || string.IsNullOrEmpty(pwd))
        {
            error = "remote description has no a=ice-ufrag/a=ice-pwd";
            return false;
        }

        var fingerprint = PickFingerprint(tagged is { Fingerprints.Count: > 0 } ? tagged.Fingerprints : sdp.Fingerprints);
        if (fingerprint is null)
        {
            error = "remote description has no a=fingerprint";
            return false;
        }

        var candidates = new List<SdpCandidate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var media in accepted)
        {
            foreach (var candidate in media.Candidates)
            {
                if (seen.Add(candidate.ToString()))
                {
                    candidates.Add(candidate);
                }
            }
        }

        transport = new RemoteTransport(ufrag, pwd, fingerprint, tagged?.Setup ?? sdp.Setup ?? SdpSetupRole.Active, candidates);
        error = null;
        return true;
    }

    /// <summary>sha-256 when offered (what our DTLS layer computes), else the first one.</summary>
    private static SdpFingerprint? PickFingerprint(List<SdpFingerprint> fingerprints)
    {
        foreach (var fingerprint in fingerprints)
        {
            if (string.Equals(fingerprint.Algorithm, LocalTransportParameters.FingerprintAlgorithm, StringComparison.OrdinalIgnoreCase))
            {
                return fingerprint;
            }
        }

        return fingerprints.Count > 0 ? fingerprints[0] : null;
    }

    /// <summary>Keeps candidates learned earlier when the ICE credentials did not change (no ICE restart).</summary>
    public IReadOnlyList<SdpCandidate> MergeWith(NegotiatedSession? previous)
    {
        if (previous is null || previous.RemoteIceUfrag != IceUfrag || previous.RemoteCandidates.Count == 0)
        {
            return Candidates;
        }

        var merged = new List<SdpCandidate>(previous.RemoteCandidates);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in merged)
        {
            seen.Add(candidate.ToString());
        }

        foreach (var candidate in Candidates)
        {
            if (seen.Add(candidate.ToString()))
            {
                merged.Add(candidate);
            }
        }

        return merged;
    }
}
