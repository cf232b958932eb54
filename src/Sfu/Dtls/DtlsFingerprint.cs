namespace Sfu.Dtls;

/// <summary>Formatting and comparison of SDP certificate fingerprints (RFC 8122 section 5).</summary>
internal static class DtlsFingerprint
{
    private const string Sha256Prefix = "sha-256 ";

    /// <summary>Hash bytes as "AB:CD:...".</summary>
    public static string Format(ReadOnlySpan<byte> hash)
    {
        if (hash.IsEmpty)
        {
            return string.Empty;
        }

        const string Hex = "0123456789ABCDEF";
        return string.Create(hash.Length * 3 - 1, hash.ToArray(), static (chars, bytes) =>
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                int at = i * 3;
                if (i > 0)
                {
                    chars[at - 1] = ':';
                }

                chars[at] = Hex[bytes[i] >> 4];
                chars[at + 1] = Hex[bytes[i] & 0xF];
            }
        });
    }

    /// <summary>
    /// True when the fingerprint from SDP names the same hash as <paramref name="actual"/>. Hex case does not
    /// matter (RFC 8122 allows either in practice), and a leading "sha-256 " as copied from the
    /// a=fingerprint line is accepted.
    /// </summary>
    public static bool Matches(string expected, string actual)
    {
        ReadOnlySpan<char> trimmed = expected.AsSpan().Trim();
        if (trimmed.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[Sha256Prefix.Length..].TrimStart();
        }

        return trimmed.Length > 0 && trimmed.Equals(actual.AsSpan(), StringComparison.OrdinalIgnoreCase);
    }
}
