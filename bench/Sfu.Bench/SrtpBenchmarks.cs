using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Sfu.Crypto.Srtp;

namespace Sfu.Bench;

/// <summary>
/// SRTP on 1,200-byte RTP payloads for both profiles, and SRTCP on an 80-byte compound packet.
/// Steady state must allocate 0 B per operation.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int PayloadLength = 1200;
    private const int RtpHeaderLength = 12;
    private const int RtpLength = RtpHeaderLength + PayloadLength;
    private const int RtcpLength = 80;
    private const uint Ssrc = 0x1234_5678;

    private SrtpSession _sender = null!;
    private SrtpSession _receiver = null!;
    private SrtpTransform _receiverTransform = null!;
    private byte[] _rtp = null!;
    private byte[] _rtcp = null!;
    private byte[] _protectedRtp = null!;
    private byte[] _work = null!;
    private int _protectedRtpLength;
    private ushort _sequence;

    [Params(SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var material = new byte[SrtpSession.KeyingMaterialLength(Profile)];
        random.NextBytes(material);
        _sender = SrtpSession.CreateFromDtls(Profile, material, isServer: true);
        _receiver = SrtpSession.CreateFromDtls(Profile, material, isServer: false);

        int keyLength = Profile.MasterKeyLength();
        int saltLength = Profile.MasterSaltLength();
        _receiverTransform = SrtpTransform.Create(
            Profile,
            SrtpSessionKeys.Derive(Profile, material.AsSpan(keyLength, keyLength), material.AsSpan((2 * keyLength) + saltLength, saltLength)));

        _rtp = new byte[RtpLength + SrtpSession.MaxRtpOverhead];
        random.NextBytes(_rtp);
        _rtp[0] = 0x80;
        _rtp[1] = 111;
        BinaryPrimitives.WriteUInt32BigEndian(_rtp.AsSpan(8), Ssrc);

        _rtcp = new byte[RtcpLength + SrtpSession.MaxRtcpOverhead];
        random.NextBytes(_rtcp);
        _rtcp[0] = 0x81;
        _rtcp[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(_rtcp.AsSpan(2), (RtcpLength / 4) - 1);

        // One protected packet at ROC 0, SEQ 1 for the transform-level unprotect benchmark.
        _protectedRtp = (byte[])_rtp.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(_protectedRtp.AsSpan(2), 1);
        using (var probe = SrtpSession.CreateFromDtls(Profile, material, isServer: true))
        {
            probe.ProtectRtp(_protectedRtp, RtpLength, out _protectedRtpLength);
        }

        _work = new byte[_protectedRtp.Length];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
        _receiverTransform.Dispose();
    }

    /// <summary>Session-level protect; the sequence number advances like live traffic.</summary>
    [Benchmark]
    public int ProtectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), ++_sequence);
        _sender.ProtectRtp(_rtp, RtpLength, out int protectedLength);
        return protectedLength;
    }

    /// <summary>
    /// Session-level protect then unprotect of a fresh packet (the receiver's replay window rejects
    /// repeats, so a fresh packet needs a protect). Unprotect alone is about this minus ProtectRtp.
    /// </summary>
    [Benchmark]
    public int ProtectThenUnprotectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), ++_sequence);
        _sender.ProtectRtp(_rtp, RtpLength, out int protectedLength);
        _receiver.UnprotectRtp(_rtp, protectedLength, out int plainLength);
        return plainLength;
    }

    /// <summary>
    /// Verify and decrypt only (transform level, no replay window), plus a 1.2 KB copy to restore the
    /// ciphertext each time.
    /// </summary>
    [Benchmark]
    public bool UnprotectRtpCrypto()
    {
        _protectedRtp.AsSpan(0, _protectedRtpLength).CopyTo(_work);
        return _receiverTransform.UnprotectRtp(_work, _protectedRtpLength, RtpHeaderLength, Ssrc, 1);
    }

    /// <summary>Session-level SRTCP protect of an 80-byte compound packet; the SRTCP index advances.</summary>
    [Benchmark]
    public int ProtectRtcp()
    {
        _sender.ProtectRtcp(_rtcp, RtcpLength, out int protectedLength);
        return protectedLength;
    }

    /// <summary>Session-level SRTCP protect then unprotect of the 80-byte packet.</summary>
    [Benchmark]
    public int ProtectThenUnprotectRtcp()
    {
        _sender.ProtectRtcp(_rtcp, RtcpLength, out int protectedLength);
        _receiver.UnprotectRtcp(_rtcp, protectedLength, out int plainLength);
        return plainLength;
    }
}
