using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Crypto.Srtp;

/// <summary>
/// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711): AES-128 counter mode for confidentiality, HMAC-SHA1 truncated
/// to 80 bits for authentication. The HMAC state is reused across packets (no per-packet allocation).
/// </summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    public const int TagLength = 10;
    private const int Sha1Length = 20;
    private const int RocLength = 4;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpMac;
    private readonly IncrementalHash _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Transform(SrtpSessionKeys keys)
    {
        _rtpCipher = new AesCounterMode(keys.RtpEncryptionKey);
        _rtcpCipher = new AesCounterMode(keys.RtcpEncryptionKey);
        _rtpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthenticationKey);
        _rtcpMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthenticationKey);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public override int RtpTagLength => TagLength;

    // RFC 3711 section 3.4: ... | E | SRTCP index | [MKI] | authentication tag.
    public override int SrtcpIndexWordOffset(int protectedLength) => protectedLength - TagLength - SrtcpIndexWordLength;

    public override int ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher.Apply(iv, buffer[headerLength..length]);
        ComputeRtpTag(buffer[..length], RolloverCounter(index), buffer.Slice(length, TagLength));
        return length + TagLength;
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        int authenticatedLength = length - TagLength;
        Span<byte> expectedTag = stackalloc byte[TagLength];
        ComputeRtpTag(buffer[..authenticatedLength], RolloverCounter(index), expectedTag);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, buffer.Slice(authenticatedLength, TagLength)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher.Apply(iv, buffer[headerLength..authenticatedLength]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtcpSalt, ssrc, index);
        _rtcpCipher.Apply(iv, buffer[RtcpClearHeaderLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], SrtcpEncryptedFlag | index);

        // RFC 3711 section 3.4: the tag covers the header, the encrypted portion and the E|index word.
        int authenticatedLength = length + SrtcpIndexWordLength;
        ComputeTag(_rtcpMac, buffer[..authenticatedLength], default, buffer.Slice(authenticatedLength, TagLength));
        return authenticatedLength + TagLength;
    }

    public override bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted)
    {
        int authenticatedLength = length - TagLength;
        Span<byte> expectedTag = stackalloc byte[TagLength];
        ComputeTag(_rtcpMac, buffer[..authenticatedLength], default, expectedTag);
        if (!CryptographicOperations.FixedTimeEquals(expectedTag, buffer.Slice(authenticatedLength, TagLength)))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            BuildIv(iv, _rtcpSalt, ssrc, index);
            _rtcpCipher.Apply(iv, buffer[RtcpClearHeaderLength..(authenticatedLength - SrtcpIndexWordLength)]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpMac.Dispose();
        _rtcpMac.Dispose();
    }

    /// <summary>
    /// RFC 3711 section 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), where i is the 48-bit
    /// SRTP packet index or the 31-bit SRTCP index.
    /// </summary>
    internal static void BuildIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        BinaryPrimitives.WriteUInt32BigEndian(iv, 0);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], index << 16);
        for (int i = 0; i < salt.Length; i++)
        {
            iv[i] ^= salt[i];
        }
    }

    private static uint RolloverCounter(ulong index) => (uint)(index >> 16);

    // RFC 3711 section 4.2: the SRTP tag is HMAC-SHA1 over header and encrypted payload followed by the ROC.
    private void ComputeRtpTag(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> tag)
    {
        Span<byte> roc = stackalloc byte[RocLength];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        ComputeTag(_rtpMac, authenticated, roc, tag);
    }

    private static void ComputeTag(IncrementalHash mac, ReadOnlySpan<byte> authenticated, ReadOnlySpan<byte> suffix, Span<byte> tag)
    {
        mac.AppendData(authenticated);
        if (!suffix.IsEmpty)
        {
            mac.AppendData(suffix);
        }

        Span<byte> digest = stackalloc byte[Sha1Length];
        mac.TryGetHashAndReset(digest, out _);
        digest[..TagLength].CopyTo(tag);
    }
}
