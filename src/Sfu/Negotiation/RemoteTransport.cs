using Sfu.Ice;
using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>The remote ICE/DTLS parameters of a bundle: media-level values win over session-level ones (RFC 8839 section 5.4, RFC 8122 section 5).</summary>
internal sealed record RemoteTransport(string IceUfrag, string IcePwd, SdpFingerprint Fingerprint, SdpSetupRole Setup, List<SdpCandidate> Candidates)
{
    /// <summary>
    /// Reads the transport of <paramref name="tagged"/> (the BUNDLE tag), falling back to the session level.
    /// Candidates are gathered from every accepted m= line. A missing setup means "active" (RFC 4145 section 4).
    /// The credentials and fingerprint are checked here, before anything is applied: a value the transport would
    /// refuse later (an over-long a=ice-pwd, say) must refuse the description, not fail half-way through applying it.
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

        error = CheckCredentials(ufrag, pwd);
        if (error is not null)
        {
            return false;
        }

        var fingerprint = PickFingerprint(tagged is { Fingerprints.Count: > 0 } ? tagged.Fingerprints : sdp.Fingerprints);
        if (fingerprint is null)
        {
            error = "remote description has no a=fingerprint";
            return false;
        }

        error = CheckFingerprint(fingerprint);
        if (error is not null)
        {
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

    /// <summary>RFC 8839 section 5.4: ice-ufrag is 4-256 ice-chars, ice-pwd 22-256 (values are not echoed: they may be huge).</summary>
    private static string? CheckCredentials(string ufrag, string pwd)
    {
        if (!IceCredentials.IsValidUfrag(ufrag))
        {
            return $"a=ice-ufrag must be {IceCredentials.MinUfragLength}-{IceCredentials.MaxLength} ice-chars (letters, digits, '+', '/'; RFC 8839 section 5.4); it has {ufrag.Length} characters";
        }

        return IceCredentials.IsValidPwd(pwd)
            ? null
            : $"a=ice-pwd must be {IceCredentials.MinPwdLength}-{IceCredentials.MaxLength} ice-chars (letters, digits, '+', '/'; RFC 8839 section 5.4); it has {pwd.Length} characters";
    }

    /// <summary>
    /// The DTLS layer checks the peer's certificate against a SHA-256 digest only, so anything else could never match:
    /// refuse it now rather than fail every handshake later (RFC 8122 section 5, fingerprint = 2UHEX *(":" 2UHEX)).
    /// </summary>
    private static string? CheckFingerprint(SdpFingerprint fingerprint)
    {
        if (!string.Equals(fingerprint.Algorithm, LocalTransportParameters.FingerprintAlgorithm, StringComparison.OrdinalIgnoreCase))
        {
            return "a=fingerprint must use sha-256 (the only hash this server checks certificates with)";
        }

        return IsSha256Digest(fingerprint.Value) ? null : "a=fingerprint sha-256 must be 32 colon-separated hex pairs (RFC 8122 section 5)";
    }

    private static bool IsSha256Digest(string value)
    {
        const int Pairs = 32;
        if (value.Length != (Pairs * 3) - 1)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var ok = i % 3 == 2 ? value[i] == ':' : char.IsAsciiHexDigit(value[i]);
            if (!ok)
            {
                return false;
            }
        }

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
