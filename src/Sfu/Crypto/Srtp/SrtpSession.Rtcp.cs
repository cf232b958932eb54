using System.Buffers.Binary;

namespace Sfu.Crypto.Srtp;

/// <summary>SRTCP (RFC 3711 section 3.4, RFC 7714 section 9) for RTCP compound packets.</summary>
public sealed partial class SrtpSession
{
    /// <summary>
    /// Encrypts the RTCP compound packet <c>buffer[..length]</c> after its first 8 bytes and appends the
    /// E|SRTCP index word and the tag. The buffer needs <see cref="MaxRtcpOverhead"/> bytes of tail room.
    /// </summary>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || !SrtpPacketReader.TryReadRtcpSenderSsrc(buffer[..length], out uint ssrc))
        {
            return SrtpStatus.Malformed;
        }

        if (buffer.Length - length < _outbound.RtcpTrailerLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        SsrcState? state = _outboundRtcp.Find(ssrc) ?? _outboundRtcp.TryAdd(ssrc);
        if (state is null)
        {
            return SrtpStatus.SsrcLimitReached;
        }

        uint index = state.NextSrtcpIndex;
        protectedLength = _outbound.ProtectRtcp(buffer, length, ssrc, index);

        // The index is 31 bits; RFC 3711 section 9.2 wants a rekey long before 2^31 packets, we wrap.
        state.NextSrtcpIndex = (index + 1) & SrtpTransform.SrtcpIndexMask;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies and (when its E flag is set) decrypts the SRTCP packet <c>buffer[..length]</c> in place; on
    /// <see cref="SrtpStatus.Ok"/> the RTCP compound packet is <c>buffer[..plainLength]</c>.
    /// </summary>
    public SrtpStatus UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        int trailerLength = _inbound.RtcpTrailerLength;
        if ((uint)length > (uint)buffer.Length
            || length < SrtpTransform.RtcpClearHeaderLength + trailerLength
            || !SrtpPacketReader.TryReadRtcpSenderSsrc(buffer[..length], out uint ssrc))
        {
            return SrtpStatus.Malformed;
        }

        uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(buffer[_inbound.SrtcpIndexWordOffset(length)..]);
        bool encrypted = (indexWord & SrtpTransform.SrtcpEncryptedFlag) != 0;
        uint index = indexWord & SrtpTransform.SrtcpIndexMask;

        SsrcState? state = _inboundRtcp.Find(ssrc);
        if (state is null)
        {
            if (_inboundRtcp.IsFull)
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

        if (!_inbound.UnprotectRtcp(buffer, length, ssrc, index, encrypted))
        {
            return SrtpStatus.AuthenticationFailed;
        }

        if (state is null)
        {
            _inboundRtcp.TryAdd(ssrc)!.Window.Reset(index);
        }
        else
        {
            state.Window.Accept(index);
        }

        plainLength = length - trailerLength;
        return SrtpStatus.Ok;
    }
}
