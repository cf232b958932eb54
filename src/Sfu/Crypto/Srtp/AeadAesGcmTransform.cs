using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Crypto.Srtp;

/// <summary>
/// SRTP_AEAD_AES_128_GCM (RFC 7714): AES-128-GCM with a 16-byte tag, one <see cref="AesGcm"/> per key
/// created up front. Encrypts and decrypts in place.
/// </summary>
internal sealed class AeadAesGcmTransform : SrtpTransform
{
    public const int TagLength = 16;
    private const int NonceLength = 12;
    private const int RtcpAadLength = RtcpClearHeaderLength + SrtcpIndexWordLength;

    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AeadAesGcmTransform(SrtpSessionKeys keys)
    {
        _rtp = new AesGcm(keys.RtpEncryptionKey, TagLength);
        _rtcp = new AesGcm(keys.RtcpEncryptionKey, TagLength);
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
    }

    public override int RtpTagLength => TagLength;

    // RFC 7714 section 9 (Figure 3): ... | authentication tag | E | SRTCP index.
    public override int SrtcpIndexWordOffset(int protectedLength) => protectedLength - SrtcpIndexWordLength;

    // RFC 7714 section 8: the AAD is the RTP header including CSRCs and extensions; the tag follows the payload.
    public override int ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, _rtpSalt, ssrc, index);
        Span<byte> payload = buffer[headerLength..length];
        _rtp.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), buffer[..headerLength]);
        return length + TagLength;
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, _rtpSalt, ssrc, index);
        int tagOffset = length - TagLength;
        Span<byte> payload = buffer[headerLength..tagOffset];
        return TryDecrypt(_rtp, nonce, payload, buffer.Slice(tagOffset, TagLength), buffer[..headerLength]);
    }

    // RFC 7714 section 9.2 and 17.1: AAD = first 8 header bytes || E|index; the 16-byte tag precedes E|index.
    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, _rtcpSalt, ssrc, index);
        uint indexWord = SrtcpEncryptedFlag | index;

        Span<byte> aad = stackalloc byte[RtcpAadLength];
        buffer[..RtcpClearHeaderLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpClearHeaderLength..], indexWord);

        Span<byte> payload = buffer[RtcpClearHeaderLength..length];
        _rtcp.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + TagLength)..], indexWord);
        return length + TagLength + SrtcpIndexWordLength;
    }

    public override bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, _rtcpSalt, ssrc, index);
        int tagOffset = length - TagLength - SrtcpIndexWordLength;
        Span<byte> indexWord = buffer.Slice(length - SrtcpIndexWordLength, SrtcpIndexWordLength);
        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpAadLength];
            buffer[..RtcpClearHeaderLength].CopyTo(aad);
            indexWord.CopyTo(aad[RtcpClearHeaderLength..]);
            Span<byte> payload = buffer[RtcpClearHeaderLength..tagOffset];
            return TryDecrypt(_rtcp, nonce, payload, buffer.Slice(tagOffset, TagLength), aad);
        }

        // RFC 7714 section 9.2, E = 0: the whole packet and E|index form the AAD and nothing is encrypted.
        // Move the index word over the tag so the AAD is contiguous; the tag is kept on the stack.
        Span<byte> tag = stackalloc byte[TagLength];
        buffer.Slice(tagOffset, TagLength).CopyTo(tag);
        indexWord.CopyTo(buffer[tagOffset..]);
        return TryDecrypt(_rtcp, nonce, Span<byte>.Empty, tag, buffer[..(tagOffset + SrtcpIndexWordLength)]);
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }

    /// <summary>RFC 7714 section 8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.</summary>
    internal static void BuildRtpNonce(Span<byte> nonce, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        BinaryPrimitives.WriteUInt16BigEndian(nonce, 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);
        XorSalt(nonce, salt);
    }

    /// <summary>RFC 7714 section 9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt.</summary>
    internal static void BuildRtcpNonce(Span<byte> nonce, ReadOnlySpan<byte> salt, uint ssrc, uint index)
    {
        BinaryPrimitives.WriteUInt16BigEndian(nonce, 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[6..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & SrtcpIndexMask);
        XorSalt(nonce, salt);
    }

    private static void XorSalt(Span<byte> nonce, ReadOnlySpan<byte> salt)
    {
        for (int i = 0; i < NonceLength; i++)
        {
            nonce[i] ^= salt[i];
        }
    }

    // Why a catch on the packet path (against hot-path rule 1): AesGcm has no non-throwing decrypt, and a tag mismatch
    // is reported only as a CryptographicException. Checking the tag ourselves would mean reimplementing GHASH outside
    // the platform's constant-time, hardware-accelerated code, which is worse than the exception. A valid packet costs
    // nothing; only a forged, corrupted or wrongly keyed packet pays for one caught exception (and its allocation).
    // This becomes SrtpStatus.AuthenticationFailed, which WebRtcTransport counts as a drop with reason srtp_auth_failed
    // (sfu_dropped_packets_total), so a flood of forgeries is visible in the metrics. On failure AesGcm zeroes the
    // plaintext output, i.e. the packet in place; callers drop it anyway.
    private static bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> nonce, Span<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            gcm.Decrypt(nonce, ciphertext, tag, ciphertext, aad);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
