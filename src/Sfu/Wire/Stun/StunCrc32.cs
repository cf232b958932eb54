namespace Sfu.Wire.Stun;

/// <summary>
/// CRC-32 as used by the STUN FINGERPRINT attribute (RFC 5389 section 15.5 points to ITU-T V.42 / ISO 3309:
/// reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF, the same CRC as zlib and Ethernet).
/// Written here because System.IO.Hashing is not part of the shared framework.
/// </summary>
public static class StunCrc32
{
    /// <summary>The FINGERPRINT value is the CRC-32 XORed with this constant, "STUN" in ASCII (RFC 5389 section 15.5).</summary>
    public const uint FingerprintXor = 0x5354554E;

    private const uint ReflectedPolynomial = 0xEDB88320;

    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>The STUN FINGERPRINT value for the message bytes that precede the FINGERPRINT attribute.</summary>
    public static uint ComputeFingerprint(ReadOnlySpan<byte> messageBeforeFingerprint) =>
        Compute(messageBeforeFingerprint) ^ FingerprintXor;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
