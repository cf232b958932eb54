namespace Sfu.Crypto.Srtp;

/// <summary>SRTP (RFC 3711 section 3.3, RFC 7714 section 8) for RTP packets.</summary>
public sealed partial class SrtpSession
{
    /// <summary>
    /// Encrypts the RTP payload of <c>buffer[..length]</c> in place and appends the tag. The buffer needs
    /// <see cref="MaxRtpOverhead"/> (or the profile's <see cref="SrtpProfileExtensions.RtpOverhead"/>) bytes of tail room.
    /// </summary>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || !SrtpPacketReader.TryGetRtpHeaderLength(buffer[..length], out int headerLength))
        {
            return SrtpStatus.Malformed;
        }

        if (buffer.Length - length < _outbound.RtpTagLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        uint ssrc = SrtpPacketReader.ReadRtpSsrc(buffer);
        ushort sequenceNumber = SrtpPacketReader.ReadRtpSequenceNumber(buffer);
        SsrcState? state = _outboundRtp.Find(ssrc);
        if (state is null)
        {
            state = _outboundRtp.TryAdd(ssrc);
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

        protectedLength = _outbound.ProtectRtp(buffer, length, headerLength, ssrc, index);
        state.Window.Accept(index);
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet <c>buffer[..length]</c> in place; on <see cref="SrtpStatus.Ok"/>
    /// the RTP packet is <c>buffer[..plainLength]</c>.
    /// </summary>
    public SrtpStatus UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        int tagLength = _inbound.RtpTagLength;
        if ((uint)length > (uint)buffer.Length
            || length < tagLength
            || !SrtpPacketReader.TryGetRtpHeaderLength(buffer[..(length - tagLength)], out int headerLength))
        {
            return SrtpStatus.Malformed;
        }

        uint ssrc = SrtpPacketReader.ReadRtpSsrc(buffer);
        ushort sequenceNumber = SrtpPacketReader.ReadRtpSequenceNumber(buffer);
        SsrcState? state = _inboundRtp.Find(ssrc);
        ulong index;
        if (state is null)
        {
            if (_inboundRtp.IsFull)
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

        if (!_inbound.UnprotectRtp(buffer, length, headerLength, ssrc, index))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        if (state is null)
        {
            // Only an authenticated packet may claim one of the limited SSRC slots.
            _inboundRtp.TryAdd(ssrc)!.Window.Reset(index);
        }
        else
        {
            state.Window.Accept(index);
        }

        plainLength = length - tagLength;
        return SrtpStatus.Ok;
    }
}
