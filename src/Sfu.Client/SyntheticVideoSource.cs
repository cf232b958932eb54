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
    private readonly byte[]? _rid;
    private bool _currentFrameIsKey;

    public SyntheticVideoSource(uint ssrc, SyntheticMediaOptions options)
        : this(ssrc, options, options.VideoPacketsPerSecond, null)
    {
    }

    /// <param name="packetsPerSecond">This stream's own packet rate (a simulcast layer's is a fraction of the video rate).</param>
    /// <param name="rid">The simulcast layer's rid for the RtpStreamId extension, or null for a single stream.</param>
    public SyntheticVideoSource(uint ssrc, SyntheticMediaOptions options, int packetsPerSecond, string? rid)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(packetsPerSecond, 1);
        Ssrc = ssrc;
        _packetsPerSecond = packetsPerSecond;
        _packetsPerFrame = options.VideoPacketsPerFrame;
        _payloadBytes = options.VideoPayloadBytes;
        _rid = rid is null ? null : System.Text.Encoding.ASCII.GetBytes(rid);
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

        if (_rid is not null && parameters.RtpStreamIdExtensionId > 0)
        {
            // RFC 8852 section 3: every packet of a layer names its rid, so the SFU can map the unannounced SSRC.
            writer.AddExtension(parameters.RtpStreamIdExtensionId, _rid);
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
