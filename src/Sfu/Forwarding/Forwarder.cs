using Sfu.Buffers;
using Sfu.Diagnostics;
using Sfu.Streams;

namespace Sfu.Forwarding;

/// <summary>
/// Decides, for one consumer (one subscriber of one published track), whether to forward each incoming
/// packet and how to rewrite its sequence number, timestamp and SSRC so that the subscriber sees one
/// continuous RTP stream whatever happens upstream.
/// </summary>
/// <remarks>
/// <para>
/// The outgoing SSRC is fixed. Outgoing sequence numbers are contiguous: output = extended input + offset,
/// so reordered and duplicate packets of the current source map to the same output numbers as they would
/// have in order. Padding-only packets are dropped and the offset shrinks by one for each, so they do not
/// leave holes (a padding packet that arrives late cannot take its number back and leaves a gap).
/// </para>
/// <para>
/// When the source SSRC changes (publisher restart, replaced track, simulcast layer switch) or the consumer
/// resumes after a pause, the output is re-based: the next forwarded packet gets the last output sequence
/// number + 1 and the last output timestamp + the wallclock time since then in RTP units (at least 1).
/// Video re-bases only on a keyframe: until then packets of the new source are dropped with
/// <see cref="ForwardFlags.RequestKeyframe"/> while the current source, if any, keeps flowing. Audio re-bases
/// at once. Packets of the current source older than the re-base point have no output number and are dropped.
/// </para>
/// <para>Single owner (the room loop), no locks, no allocation. Times are engine ticks (see <see cref="MediaTime"/>).</para>
/// </remarks>
public sealed class Forwarder
{
    /// <summary>Default time after a switch during which late packets of the old source are dropped, not switched back to.</summary>
    public const long DefaultStaleSourceWindowTicks = MediaTime.TicksPerSecond;

    private const int PaddingHistoryLength = 64;

    private readonly bool _isVideo;
    private readonly long _staleSourceWindowTicks;
    private readonly bool _hasInitialOutput;
    private readonly ushort _initialSequenceNumber;
    private readonly uint _initialTimestamp;

    private bool _paused;
    private bool _syncRequired = true;

    // The source being forwarded and how its numbers map to the output.
    private bool _hasSource;
    private uint _sourceSsrc;
    private long _highestInput;
    private long _switchPointInput;
    private long _sequenceOffset;
    private uint _timestampOffset;

    // Extended input numbers of recently dropped padding packets newer than everything before them:
    // an older packet arriving late adds back one for each dropped padding number after it.
    private readonly long[] _droppedPadding = new long[PaddingHistoryLength];
    private int _droppedPaddingStart;
    private int _droppedPaddingCount;
    private long _paddingHorizon = long.MinValue;

    private bool _hasPreviousSource;
    private uint _previousSsrc;
    private long _switchTicks;

    // The newest packet sent to the subscriber.
    private bool _hasOutput;
    private long _lastOutputSequence;
    private uint _lastOutputTimestamp;
    private long _lastOutputTimestampTicks;

    /// <summary>Creates a forwarder whose first output keeps the first forwarded packet's sequence number and timestamp.</summary>
    /// <param name="outgoingSsrc">The SSRC the subscriber receives this track with.</param>
    /// <param name="isVideo">Video waits for a keyframe at start and on every re-base; audio does not.</param>
    /// <param name="staleSourceWindowTicks">How long after a switch late packets of the old source are dropped.</param>
    public Forwarder(uint outgoingSsrc, bool isVideo, long staleSourceWindowTicks = DefaultStaleSourceWindowTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(staleSourceWindowTicks);
        OutgoingSsrc = outgoingSsrc;
        _isVideo = isVideo;
        _staleSourceWindowTicks = staleSourceWindowTicks;
    }

    /// <summary>Creates a forwarder whose first output has the given sequence number and timestamp (e.g. random ones, RFC 3550 5.1).</summary>
    public Forwarder(uint outgoingSsrc, bool isVideo, ushort initialSequenceNumber, uint initialTimestamp, long staleSourceWindowTicks = DefaultStaleSourceWindowTicks)
        : this(outgoingSsrc, isVideo, staleSourceWindowTicks)
    {
        _hasInitialOutput = true;
        _initialSequenceNumber = initialSequenceNumber;
        _initialTimestamp = initialTimestamp;
    }

    /// <summary>The SSRC every forwarded packet carries.</summary>
    public uint OutgoingSsrc { get; }

    /// <summary>Whether this consumer forwards video.</summary>
    public bool IsVideo => _isVideo;

    /// <summary>Whether the consumer is paused.</summary>
    public bool IsPaused => _paused;

    /// <summary>Whether the next forwarded packet must start a keyframe (video only).</summary>
    public bool IsWaitingForKeyframe => _isVideo && _syncRequired;

    /// <summary>The SSRC of the source being forwarded, if any.</summary>
    public uint? CurrentSourceSsrc => _hasSource ? _sourceSsrc : null;

    /// <summary>Stops forwarding: every packet is dropped with <see cref="DropReason.Paused"/>.</summary>
    public void Pause() => _paused = true;

    /// <summary>Resumes forwarding; the output re-bases on the next suitable packet, like a source switch.</summary>
    public void Resume()
    {
        if (_paused)
        {
            _paused = false;
            _syncRequired = true;
        }
    }

    /// <summary>Decides what to do with one incoming packet.</summary>
    public ForwardDecision Decide(in IncomingPacketInfo packet, long nowTicks)
    {
        if (_paused)
        {
            return ForwardDecision.Drop(DropReason.Paused);
        }

        if (packet.PayloadLength <= 0)
        {
            OnPadding(packet.Ssrc, packet.SequenceNumber);
            return ForwardDecision.Drop(DropReason.Padding);
        }

        if (!_syncRequired && _hasSource && packet.Ssrc == _sourceSsrc)
        {
            return ForwardFromCurrentSource(packet, nowTicks);
        }

        return TryRebase(packet, nowTicks);
    }

    private ForwardDecision ForwardFromCurrentSource(in IncomingPacketInfo packet, long nowTicks)
    {
        long input = SerialNumber.Extend(_highestInput, packet.SequenceNumber);
        if (input < _switchPointInput || input <= _paddingHorizon)
        {
            return ForwardDecision.Drop(DropReason.TooOld);
        }

        long offset = _sequenceOffset;
        if (input > _highestInput)
        {
            _highestInput = input;
        }
        else if (_droppedPaddingCount > 0)
        {
            offset += CountDroppedPaddingAfter(input);
        }

        long output = input + offset;
        uint timestamp = unchecked(packet.Timestamp + _timestampOffset);
        RecordOutput(output, timestamp, nowTicks);
        ForwardFlags flags = _isVideo && packet.IsKeyframe ? ForwardFlags.IsKeyframe : ForwardFlags.None;
        return ForwardDecision.Forward(unchecked((ushort)output), timestamp, OutgoingSsrc, flags);
    }

    private ForwardDecision TryRebase(in IncomingPacketInfo packet, long nowTicks)
    {
        bool sameSource = _hasSource && packet.Ssrc == _sourceSsrc;
        bool keyframe = _isVideo && packet.IsKeyframe;
        if (!sameSource && !keyframe && _hasPreviousSource && packet.Ssrc == _previousSsrc
            && nowTicks - _switchTicks < _staleSourceWindowTicks)
        {
            return ForwardDecision.Drop(DropReason.StaleSource);
        }

        if (_isVideo && !keyframe)
        {
            return ForwardDecision.Drop(DropReason.WaitingForKeyframe, ForwardFlags.RequestKeyframe);
        }

        long output;
        uint timestamp;
        ForwardFlags flags = keyframe ? ForwardFlags.IsKeyframe : ForwardFlags.None;
        if (_hasOutput)
        {
            output = _lastOutputSequence + 1;
            long elapsedUnits = MediaTime.TicksToRtpUnits(Math.Max(nowTicks - _lastOutputTimestampTicks, 0), packet.ClockRate);
            timestamp = unchecked(_lastOutputTimestamp + (uint)Math.Max(elapsedUnits, 1));
            flags |= ForwardFlags.SwitchedSource;
        }
        else
        {
            output = _hasInitialOutput ? _initialSequenceNumber : packet.SequenceNumber;
            timestamp = _hasInitialOutput ? _initialTimestamp : packet.Timestamp;
        }

        if (_hasSource && !sameSource)
        {
            _hasPreviousSource = true;
            _previousSsrc = _sourceSsrc;
            _switchTicks = nowTicks;
        }

        long input = packet.SequenceNumber;
        _hasSource = true;
        _sourceSsrc = packet.Ssrc;
        _syncRequired = false;
        _highestInput = input;
        _switchPointInput = input;
        _sequenceOffset = output - input;
        _timestampOffset = unchecked(timestamp - packet.Timestamp);
        _droppedPaddingCount = 0;
        _droppedPaddingStart = 0;
        _paddingHorizon = long.MinValue;

        RecordOutput(output, timestamp, nowTicks);
        return ForwardDecision.Forward(unchecked((ushort)output), timestamp, OutgoingSsrc, flags);
    }

    private void RecordOutput(long output, uint timestamp, long nowTicks)
    {
        if (_hasOutput && output <= _lastOutputSequence)
        {
            return;
        }

        // The time of a timestamp is when its first packet went out: later packets of the same frame
        // would make the elapsed time at the next re-base look shorter than it was.
        if (!_hasOutput || timestamp != _lastOutputTimestamp)
        {
            _lastOutputTimestamp = timestamp;
            _lastOutputTimestampTicks = nowTicks;
        }

        _lastOutputSequence = output;
        _hasOutput = true;
    }

    private void OnPadding(uint ssrc, ushort sequenceNumber)
    {
        if (_syncRequired || !_hasSource || ssrc != _sourceSsrc)
        {
            return;
        }

        long input = SerialNumber.Extend(_highestInput, sequenceNumber);
        if (input <= _highestInput)
        {
            return; // late: the output number it would have freed is already behind newer packets
        }

        _highestInput = input;
        _sequenceOffset--;
        if (_droppedPaddingCount == PaddingHistoryLength)
        {
            // Forget the oldest; packets older than it can no longer be mapped exactly.
            _paddingHorizon = _droppedPadding[_droppedPaddingStart];
            _droppedPadding[_droppedPaddingStart] = input;
            _droppedPaddingStart = (_droppedPaddingStart + 1) % PaddingHistoryLength;
        }
        else
        {
            _droppedPadding[(_droppedPaddingStart + _droppedPaddingCount) % PaddingHistoryLength] = input;
            _droppedPaddingCount++;
        }
    }

    private int CountDroppedPaddingAfter(long input)
    {
        int count = 0;
        for (int i = 0; i < _droppedPaddingCount; i++)
        {
            if (_droppedPadding[(_droppedPaddingStart + i) % PaddingHistoryLength] > input)
            {
                count++;
            }
        }

        return count;
    }
}
