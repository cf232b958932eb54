using Sfu.Wire.Sdp;

namespace Sfu.Negotiation;

/// <summary>One host candidate of the server: the IP it is reachable on and its single UDP port.</summary>
public sealed record HostCandidate(string Address, int Port);

/// <summary>
/// The server's side of the transport, written into every local description: ICE-lite credentials, the DTLS
/// certificate's SHA-256 fingerprint ("AB:CD:..", RFC 8122) and the host candidates (RFC 8445 section 2.5, lite).
/// </summary>
public sealed record LocalTransportParameters(string IceUfrag, string IcePwd, string Fingerprint, IReadOnlyList<HostCandidate> Candidates)
{
    public const string FingerprintAlgorithm = "sha-256";

    /// <summary>Null when usable, otherwise why not.</summary>
    internal string? Validate()
    {
        if (string.IsNullOrWhiteSpace(IceUfrag) || string.IsNullOrWhiteSpace(IcePwd))
        {
            return "local ICE ufrag/pwd are missing";
        }

        return string.IsNullOrWhiteSpace(Fingerprint) ? "local DTLS fingerprint is missing" : null;
    }

    /// <summary>Candidate lines: foundation per index, local preference decreasing so the first address is preferred.</summary>
    internal List<SdpCandidate> BuildCandidates()
    {
        var result = new List<SdpCandidate>(Candidates.Count);
        for (var i = 0; i < Candidates.Count; i++)
        {
            var host = Candidates[i];
            var foundation = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            result.Add(SdpCandidate.Host(foundation, host.Address, host.Port, (ushort)Math.Max(0, 65535 - i)));
        }

        return result;
    }

    /// <summary>Port and c= of every accepted m= line: the first candidate (the default candidate of RFC 8839 section 4.2.1.2), else JSEP's 9 / 0.0.0.0.</summary>
    internal (int Port, SdpConnection Connection) DefaultAddress()
        => Candidates.Count == 0 ? (9, SdpConnection.Unspecified) : (Candidates[0].Port, SdpConnection.ForAddress(Candidates[0].Address));
}
