namespace Sfu.Crypto.Srtp;

/// <summary>
/// The cryptographic transform of one protection profile for one direction, keyed with that direction's
/// session keys. It knows nothing of SSRC state: the session hands it the packet index. Single-threaded.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>The E flag of the SRTCP index word (RFC 3711 section 3.4): the payload is encrypted.</summary>
    public const uint SrtcpEncryptedFlag = 0x8000_0000;

    /// <summary>The 31 bits of the SRTCP index.</summary>
    public const uint SrtcpIndexMask = 0x7FFF_FFFF;

    /// <summary>Length of the SRTCP index word.</summary>
    public const int SrtcpIndexWordLength = 4;

    /// <summary>The fixed RTCP header that stays in clear: V/P/RC, PT, length, sender SSRC.</summary>
    public const int RtcpClearHeaderLength = 8;

    /// <summary>Bytes appended to an RTP packet.</summary>
    public abstract int RtpTagLength { get; }

    /// <summary>Bytes appended to an RTCP packet (index word and tag).</summary>
    public int RtcpTrailerLength => RtpTagLength + SrtcpIndexWordLength;

    public static SrtpTransform Create(SrtpProfile profile, SrtpSessionKeys keys) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => new AesCmHmacSha1Transform(keys),
        SrtpProfile.AeadAes128Gcm => new AeadAesGcmTransform(keys),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile."),
    };

    /// <summary>Where the E flag and SRTCP index word sits in a protected packet of this length.</summary>
    public abstract int SrtcpIndexWordOffset(int protectedLength);

    /// <summary>Encrypts the payload after <paramref name="headerLength"/> in place and appends the tag.</summary>
    /// <param name="index">The 48-bit packet index, ROC * 2^16 + SEQ.</param>
    /// <returns>The protected length.</returns>
    public abstract int ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    /// <summary>Verifies the tag at the end of <paramref name="length"/> bytes and decrypts in place.</summary>
    /// <returns>False when authentication fails (the buffer content is then unspecified).</returns>
    public abstract bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts the RTCP packet after its first 8 bytes, appends E=1|index and the tag.</summary>
    /// <returns>The protected length.</returns>
    public abstract int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>Verifies a protected RTCP packet of <paramref name="length"/> bytes and decrypts it in place when E is set.</summary>
    public abstract bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted);

    public abstract void Dispose();
}
