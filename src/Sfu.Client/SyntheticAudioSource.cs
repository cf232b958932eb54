using System.Diagnostics;
using System.Security.Cryptography;
using Sfu.Wire.Rtp;

namespace Sfu.Client;

/// <summary>
/// Opus-shaped audio: one packet per 1/<c>packetsPerSecond</c> s with the RTP timestamp advancing by the 48 kHz samples
/// of that interval (RFC 7587 section 4.1), the sdes:mid and ssrc-audio-level (RFC 6464) extensions, and a
/// <see cref="SyntheticPayload"/> of the configured size. Random initial sequence number and timestamp (RFC 3550 5.1).
/// </summary>
public sealed class SyntheticAudioSource
{
    private readonly int _packetsPerSecond;
    private readonly int _payloadBytes;
    private readonly byte[] _levelValue = new byte[AudioLevelExtension.Length];
    private readonly uint _timestampBase = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private ushort _sequenceNumber = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
    private uint _index;

    public SyntheticAudioSource(uint ssrc, SyntheticMediaOptions options)
    {
        Ssrc = ssrc;
        _packetsPerSecond = options.AudioPacketsPerSecond;
        _payloadBytes = options.AudioPayloadBytes;
        AudioLevelExtension.Write(_levelValue, voiceActivity: true, options.AudioLevelDbov);
    }

    public uint Ssrc { get; }

    /// <summary>Packets written so far (also the next payload counter).</summary>
    public uint PacketsWritten => _index;

    /// <summary>Writes the next packet into <paramref name="buffer"/>; returns its length (0 if it does not fit).</summary>
    public int WriteNext(Span<byte> buffer, TrackSendParameters parameters)
    {
        uint timestamp = unchecked(_timestampBase + (uint)((ulong)_index * ClientMediaFormats.AudioClockRate / (ulong)_packetsPerSecond));
        var writer = new RtpPacketWriter(buffer);
        writer.WriteHeader(parameters.PayloadType, _sequenceNumber, timestamp, Ssrc, marker: _index == 0);
        if (parameters.AudioLevelExtensionId > 0)
        {
            writer.AddExtension(parameters.AudioLevelExtensionId, _levelValue);
        }

        if (parameters.MidExtensionId > 0)
        {
            writer.AddExtension(parameters.MidExtensionId, parameters.Mid);
        }

        Span<byte> payload = writer.ReservePayload(_payloadBytes);
        if (payload.IsEmpty)
        {
            return 0;
        }

        SyntheticPayload.Write(payload, Ssrc, _index, Stopwatch.GetTimestamp());
        int length = writer.Finish();
        if (length > 0)
        {
            _sequenceNumber++;
            _index++;
        }

        return length;
    }
}
