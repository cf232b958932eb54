using System.Diagnostics;
using System.Security.Cryptography;
using Sfu.Wire.Rtp;

namespace Sfu.Client;

/// <summary>
/// VP8-shaped video (RFC 7741): frames of <c>packetsPerFrame</c> packets, the RTP timestamp advancing at 90 kHz per
/// frame and the marker on each frame's last packet. The first frame, and the next frame after each keyframe request
/// (RTCP PLI/FIR from the server), is a key frame; <see cref="Vp8PayloadHeader"/> marks it so the SFU's detector sees it.
/// </summary>
public sealed class SyntheticVideoSource
{
    private readonly int _packetsPerSecond;
    private readonly int _packetsPerFrame;
    private readonly int _payloadBytes;
    private readonly uint _timestampBase = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private ushort _sequenceNumber = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
    private uint _index;
    private int _keyframeRequested = 1;
    private bool _currentFrameIsKey;

    public SyntheticVideoSource(uint ssrc, SyntheticMediaOptions options)
    {
        Ssrc = ssrc;
        _packetsPerSecond = options.VideoPacketsPerSecond;
        _packetsPerFrame = options.VideoPacketsPerFrame;
        _payloadBytes = options.VideoPayloadBytes;
    }

    public uint Ssrc { get; }

    public uint PacketsWritten => _index;

    public long KeyframesWritten { get; private set; }

    /// <summary>Makes the next frame a key frame; safe from any thread.</summary>
    public void RequestKeyframe() => Volatile.Write(ref _keyframeRequested, 1);

    public int WriteNext(Span<byte> buffer, TrackSendParameters parameters)
    {
        uint frame = _index / (uint)_packetsPerFrame;
        int packetInFrame = (int)(_index % (uint)_packetsPerFrame);
        bool startOfFrame = packetInFrame == 0;
        if (startOfFrame)
        {
            _currentFrameIsKey = Interlocked.Exchange(ref _keyframeRequested, 0) == 1;
        }

        // Frame rate = packets per second / packets per frame; 90 kHz ticks per frame.
        uint timestamp = unchecked(_timestampBase + (uint)((ulong)frame * ClientMediaFormats.VideoClockRate * (ulong)_packetsPerFrame / (ulong)_packetsPerSecond));
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(parameters.PayloadType, _sequenceNumber, timestamp, Ssrc, marker: packetInFrame == _packetsPerFrame - 1);
        if (parameters.MidExtensionId > 0)
        {
            writer.AddExtension(parameters.MidExtensionId, parameters.Mid);
        }

        Span<byte> payload = writer.ReservePayload(_payloadBytes);
        if (payload.IsEmpty)
        {
            return 0;
        }

        bool keyframe = startOfFrame && _currentFrameIsKey;
        int header = Vp8PayloadHeader.Write(payload, startOfFrame, keyframe);
        SyntheticPayload.Write(payload[header..], Ssrc, _index, Stopwatch.GetTimestamp());
        int length = writer.Finish();
        if (length > 0)
        {
            _sequenceNumber++;
            _index++;
            KeyframesWritten += keyframe ? 1 : 0;
        }

        return length;
    }
}
