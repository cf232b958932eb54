using System.Buffers.Binary;

namespace Sfu.Crypto.Srtp;

/// <summary>
/// The inbound half of an SRTP session: verifies and decrypts RTP (RFC 3711 section 3.3, RFC 7714 section 8) and
/// RTCP (RFC 3711 section 3.4, RFC 7714 section 9) in place with the remote keys, with a replay window per SSRC
/// (section 3.3.2). State for an SSRC is created only once one of its packets authenticated, so forged packets cannot
/// use up the capped table. Single-threaded; no allocation per packet (only when a new SSRC starts).
/// </summary>
internal sealed class SrtpReceiver : IDisposable
{
    private readonly SrtpTransform _transform;
    private readonly SsrcStateTable _rtp;
    private readonly SsrcStateTable _rtcp;

    public SrtpReceiver(SrtpTransform transform, int maxSsrcs)
    {
        _transform = transform;
        _rtp = new SsrcStateTable(maxSsrcs);
        _rtcp = new SsrcStateTable(maxSsrcs);
    }

    /// <summary>SSRCs with RTP state now (for tests and diagnostics).</summary>
    public int RtpSsrcCount => _rtp.Count;

    public SrtpStatus UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        int tagLength = _transform.RtpTagLength;
        if ((uint)length > (uint)buffer.Length
            || length < tagLength
            || !SrtpPacketReader.TryGetRtpHeaderLength(buffer[..(length - tagLength)], out int headerLength))
        {
            return SrtpStatus.Malformed;
        }

        uint ssrc = SrtpPacketReader.ReadRtpSsrc(buffer);
        ushort sequenceNumber = SrtpPacketReader.ReadRtpSequenceNumber(buffer);
        SsrcState? state = _rtp.Find(ssrc);
        ulong index;
        if (state is null)
        {
            if (_rtp.IsFull)
            {
                return SrtpStatus.SsrcLimitReached;
            }

            index = sequenceNumber;
        }
        else
        {
            if (!RtpIndexEstimator.TryEstimate(state.Window.Highest, sequenceNumber, out index))
            {
                return SrtpStatus.ReplayTooOld;
            }

            SrtpStatus replay = state.Window.Check(index);
            if (replay != SrtpStatus.Ok)
            {
                return replay;
            }
        }

        if (!_transform.UnprotectRtp(buffer, length, headerLength, ssrc, index))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        if (state is null)
        {
            // Only an authenticated packet may claim one of the limited SSRC slots.
            _rtp.TryAdd(ssrc)!.Window.Reset(index);
        }
        else
        {
            state.Window.Accept(index);
        }

        plainLength = length - tagLength;
        return SrtpStatus.Ok;
    }

    public SrtpStatus UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        int trailerLength = _transform.RtcpTrailerLength;
        if ((uint)length > (uint)buffer.Length
            || length < SrtpTransform.RtcpClearHeaderLength + trailerLength
            || !SrtpPacketReader.TryReadRtcpSenderSsrc(buffer[..length], out uint ssrc))
        {
            return SrtpStatus.Malformed;
        }

        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(buffer[_transform.SrtcpIndexWordOffset(length)..]);
        bool encrypted = (indexWord & SrtpTransform.SrtcpEncryptedFlag) != 0;
        uint index = indexWord & SrtpTransform.SrtcpIndexMask;

        SsrcState? state = _rtcp.Find(ssrc);
        if (state is null)
        {
            if (_rtcp.IsFull)
            {
                return SrtpStatus.SsrcLimitReached;
            }
        }
        else
        {
            SrtpStatus replay = state.Window.Check(index);
            if (replay != SrtpStatus.Ok)
            {
                return replay;
            }
        }

        if (!_transform.UnprotectRtcp(buffer, length, ssrc, index, encrypted))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        if (state is null)
        {
            _rtcp.TryAdd(ssrc)!.Window.Reset(index);
        }
        else
        {
            state.Window.Accept(index);
        }

        plainLength = length - trailerLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Frees the RTP and RTCP state of an SSRC the peer stopped sending on. The replay window (RFC 3711 section 3.3.2)
    /// goes with it: a replayed old packet of that SSRC would authenticate again and start a new entry, so call this
    /// only for SSRCs whose packets are no longer routed anywhere (they are then dropped as unknown).
    /// </summary>
    public void Forget(uint ssrc)
    {
        _rtp.Remove(ssrc);
        _rtcp.Remove(ssrc);
    }

    public void Dispose() => _transform.Dispose();
}
