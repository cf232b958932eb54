namespace Sfu.Crypto.Srtp;

/// <summary>
/// The outbound half of an SRTP session: protects RTP (RFC 3711 section 3.3, RFC 7714 section 8) and RTCP
/// (RFC 3711 section 3.4, RFC 7714 section 9) in place with the local keys, keeping per-SSRC state of what was sent.
/// Single-threaded; no allocation per packet (only when a new SSRC starts).
/// </summary>
internal sealed class SrtpSender : IDisposable
{
    private readonly SrtpTransform _transform;
    private readonly SsrcStateTable _rtp;
    private readonly SsrcStateTable _rtcp;

    public SrtpSender(SrtpTransform transform, int maxSsrcs)
    {
        _transform = transform;
        _rtp = new SsrcStateTable(maxSsrcs);
        _rtcp = new SsrcStateTable(maxSsrcs);
    }

    /// <summary>SSRCs with RTP state now (for tests and diagnostics).</summary>
    public int RtpSsrcCount => _rtp.Count;

    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || !SrtpPacketReader.TryGetRtpHeaderLength(buffer[..length], out int headerLength))
        {
            return SrtpStatus.Malformed;
        }

        if (buffer.Length - length < _transform.RtpTagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        uint ssrc = SrtpPacketReader.ReadRtpSsrc(buffer);
        ushort sequenceNumber = SrtpPacketReader.ReadRtpSequenceNumber(buffer);
        SsrcState? state = _rtp.Find(ssrc);
        if (state is null)
        {
            state = _rtp.TryAdd(ssrc);
            if (state is null)
            {
                return SrtpStatus.SsrcLimitReached;
            }

            // The first packet sent on an SSRC has ROC 0 (RFC 3711 section 3.3.1).
            state.Window.Reset(sequenceNumber);
        }

        // The sender estimates its own index the way a receiver would, so retransmissions of packets sent
        // before a sequence wrap keep the ROC they were first sent with.
        if (!RtpIndexEstimator.TryEstimate(state.Window.Highest, sequenceNumber, out ulong index))
        {
            return SrtpStatus.ReplayTooOld;
        }

        protectedLength = _transform.ProtectRtp(buffer, length, headerLength, ssrc, index);
        state.Window.Accept(index);
        return SrtpStatus.Ok;
    }

    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || !SrtpPacketReader.TryReadRtcpSenderSsrc(buffer[..length], out uint ssrc))
        {
            return SrtpStatus.Malformed;
        }

        if (buffer.Length - length < _transform.RtcpTrailerLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        SsrcState? state = _rtcp.Find(ssrc) ?? _rtcp.TryAdd(ssrc);
        if (state is null)
        {
            return SrtpStatus.SsrcLimitReached;
        }

        uint index = state.NextSrtcpIndex;
        protectedLength = _transform.ProtectRtcp(buffer, length, ssrc, index);

        // The index is 31 bits; RFC 3711 section 9.2 wants a rekey long before 2^31 packets, we wrap.
        state.NextSrtcpIndex = (index + 1) & SrtpTransform.SrtcpIndexMask;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Frees the RTP and RTCP state of an SSRC we stopped sending on. Safe because we never send on it again: SSRCs
    /// are not reused within a session, and a stream that did start again on it would start at ROC 0 and SRTCP
    /// index 0 (RFC 3711 section 3.3.1), which with the same keys repeats keystream, so callers must not reuse it.
    /// </summary>
    public void Forget(uint ssrc)
    {
        _rtp.Remove(ssrc);
        _rtcp.Remove(ssrc);
    }

    public void Dispose() => _transform.Dispose();
}
