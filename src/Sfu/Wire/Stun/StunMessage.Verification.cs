using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Wire.Stun;

/// <summary>MESSAGE-INTEGRITY and FINGERPRINT checks.</summary>
public readonly ref partial struct StunMessage
{
    /// <summary>
    /// Checks MESSAGE-INTEGRITY (RFC 5389 section 15.4): HMAC-SHA1 with <paramref name="key"/> over the message
    /// up to the attribute, with the header length rewritten to end just after MESSAGE-INTEGRITY (so a
    /// following FINGERPRINT is excluded). For ICE short-term credentials the key is the UTF-8 password.
    /// Compares in constant time; does not allocate.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int offset = _integrityOffset;
        if (offset < 0 || BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(offset + 2)) != StunIntegrity.Length)
        {
            return false;
        }

        Span<byte> computed = stackalloc byte[StunIntegrity.Length];
        if (!StunIntegrity.TryComputeForReceived(_packet.Slice(0, offset), key, computed))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(computed, _packet.Slice(offset + 4, StunIntegrity.Length));
    }

    /// <summary>
    /// Checks FINGERPRINT (RFC 5389 section 15.5): it must be the last attribute, 4 bytes long, and equal the
    /// CRC-32 of everything before it XOR 0x5354554E. The header length already covers it, so no rewrite is needed.
    /// </summary>
    public bool VerifyFingerprint()
    {
        int offset = _fingerprintOffset;
        if (offset < 0
            || offset + 8 != _packet.Length
            || BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(offset + 2)) != 4)
        {
            return false;
        }

        uint expected = StunCrc32.ComputeFingerprint(_packet.Slice(0, offset));
        return BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(offset + 4)) == expected;
    }
}
