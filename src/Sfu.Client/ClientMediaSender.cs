using Sfu.Crypto.Srtp;

namespace Sfu.Client;

/// <summary>
/// The synthetic media a <see cref="ClientPeer"/> publishes: one thread per <see cref="SendAsync"/> call paces Opus and
/// VP8 packets (camera, and screen when published) at the configured rates and sends them through the peer's
/// <see cref="ClientTransport"/>.
/// </summary>
internal sealed class ClientMediaSender
{
    /// <summary>A full-size RTP packet plus the SRTP tag.</summary>
    public const int BufferSize = 1500 + SrtpSession.MaxRtpOverhead;

    private readonly ClientTransport _transport;
    private readonly SyntheticMediaOptions _media;
    private readonly TimeProvider _time;
    private readonly SyntheticAudioSource? _audio;
    private readonly SyntheticVideoSource? _video;
    private readonly SyntheticVideoSource? _screen;
    private readonly SyntheticVideoSource[]? _layers;
    private readonly int[]? _layerDivisors;
    private readonly long[]? _layerSent;
    private readonly LocalTrack? _screenTrack;
    private readonly ClientRetransmitter? _retransmitter;
    private volatile TrackSendParameters? _audioSend;
    private volatile TrackSendParameters? _videoSend;
    private volatile TrackSendParameters? _screenSend;
    private volatile bool _stopped;
    private long _audioSent;
    private long _videoSent;
    private long _screenSent;
    private long _sendFailures;

    /// <param name="screen">A second video track (screen share), paced like the camera; never retransmitted.</param>
    public ClientMediaSender(ClientTransport transport, SyntheticMediaOptions media, TimeProvider time, LocalTrack? audio, LocalTrack? video, LocalTrack? screen, ClientRetransmitter? retransmitter)
    {
        _transport = transport;
        _media = media;
        _time = time;
        _audio = audio is null ? null : new SyntheticAudioSource(audio.Ssrc, media);
        _video = video is null || video.Layers is not null ? null : new SyntheticVideoSource(video.Ssrc, media);
        if (video?.Layers is { } layers)
        {
            _layers = new SyntheticVideoSource[layers.Count];
            _layerDivisors = new int[layers.Count];
            _layerSent = new long[layers.Count];
            for (int i = 0; i < layers.Count; i++)
            {
                SimulcastLayer layer = layers[i];
                _layers[i] = new SyntheticVideoSource(layer.Ssrc, media, Math.Max(1, media.VideoPacketsPerSecond / layer.SlotDivisor), layer.Rid);
                _layerDivisors[i] = layer.SlotDivisor;
            }
        }

        _screen = screen is null ? null : new SyntheticVideoSource(screen.Ssrc, media);
        _screenTrack = screen;
        _retransmitter = retransmitter;
    }

    public long AudioSent => Interlocked.Read(ref _audioSent);

    /// <summary>Camera packets sent, all simulcast layers together.</summary>
    public long VideoSent
    {
        get
        {
            long sent = Interlocked.Read(ref _videoSent);
            for (int i = 0; _layerSent is not null && i < _layerSent.Length; i++)
            {
                sent += Interlocked.Read(ref _layerSent[i]);
            }

            return sent;
        }
    }

    /// <summary>Packets sent on simulcast layer <paramref name="index"/> (0 when the camera is not simulcast).</summary>
    public long LayerSent(int index) => _layerSent is null ? 0 : Interlocked.Read(ref _layerSent[index]);

    public long ScreenSent => Interlocked.Read(ref _screenSent);

    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>How our video is sent as last negotiated (its RTX payload type answers NACKs).</summary>
    public TrackSendParameters? VideoParameters => _videoSend;

    /// <summary>After each negotiation: how each published track is sent now (null or inactive: not at all).</summary>
    public void OnCommitted(IReadOnlyList<ClientTransceiver> lines)
    {
        foreach (ClientTransceiver line in lines)
        {
            if (line.Sender is { } sender)
            {
                if (sender.Kind == Negotiation.MediaKind.Audio)
                {
                    _audioSend = TrackSendParameters.From(line);
                }
                else if (sender == _screenTrack)
                {
                    _screenSend = TrackSendParameters.From(line);
                }
                else
                {
                    _videoSend = TrackSendParameters.From(line);
                }
            }
        }
    }

    /// <summary>Makes the next camera frame a keyframe (a PLI or FIR from the server, or the caller).</summary>
    public void RequestKeyframe()
    {
        _video?.RequestKeyframe();
        foreach (SyntheticVideoSource layer in _layers ?? [])
        {
            layer.RequestKeyframe();
        }
    }

    /// <summary>Makes the next frame of the video stream (track or simulcast layer) sent on <paramref name="ssrc"/> a keyframe; false when none is.</summary>
    public bool RequestKeyframe(uint ssrc)
    {
        SyntheticVideoSource? source = _video?.Ssrc == ssrc ? _video : _screen?.Ssrc == ssrc ? _screen : null;
        foreach (SyntheticVideoSource layer in _layers ?? [])
        {
            source = layer.Ssrc == ssrc ? layer : source;
        }

        source?.RequestKeyframe();
        return source is not null;
    }

    /// <summary>Stops every pacing thread at its next packet.</summary>
    public void Stop() => _stopped = true;

    /// <summary>Sends the plan's packets of the tracks we publish, packet i of a kind at start + i / rate, on a thread of its own.</summary>
    public Task SendAsync(MediaSendPlan plan, string threadName, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = new Thread(() => Run(plan, completion, cancellationToken)) { IsBackground = true, Name = threadName };
        sender.Start();
        return completion.Task;
    }

    private void Run(MediaSendPlan plan, TaskCompletionSource completion, CancellationToken cancellationToken)
    {
        try
        {
            Pace(plan, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            else if (_stopped)
            {
                completion.TrySetException(new ObjectDisposedException(nameof(ClientPeer)));
            }
            else
            {
                completion.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            completion.TrySetException(ex);
        }
    }

    private void Pace(MediaSendPlan plan, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[BufferSize];
        int audioTarget = _audio is null ? 0 : plan.AudioPackets;
        int videoTarget = _video is null && _screen is null && _layers is null ? 0 : plan.VideoPackets;
        double audioInterval = 1.0 / _media.AudioPacketsPerSecond;
        double videoInterval = 1.0 / _media.VideoPacketsPerSecond;
        double frequency = _time.TimestampFrequency;
        long start = _time.GetTimestamp();
        int audioDone = 0;
        int videoDone = 0;
        while ((audioDone < audioTarget || videoDone < videoTarget) && !cancellationToken.IsCancellationRequested && !_stopped)
        {
            double elapsed = (_time.GetTimestamp() - start) / frequency;
            while (audioDone < audioTarget && audioDone * audioInterval <= elapsed)
            {
                SendAudio(buffer);
                audioDone++;
            }

            while (videoDone < videoTarget && videoDone * videoInterval <= elapsed)
            {
                // Camera and screen share the pacing: each sends the plan's video packets.
                if (_video is not null)
                {
                    SendVideo(buffer, _video, _videoSend, _retransmitter, ref _videoSent);
                }

                if (_screen is not null)
                {
                    SendVideo(buffer, _screen, _screenSend, null, ref _screenSent);
                }

                for (int i = 0; _layers is not null && i < _layers.Length; i++)
                {
                    // Each layer takes every n-th slot of the camera's pacing, so its rate is the video rate / n.
                    if (videoDone % _layerDivisors![i] == 0)
                    {
                        SendVideo(buffer, _layers[i], _videoSend, null, ref _layerSent![i]);
                    }
                }

                videoDone++;
            }

            double nextAudio = audioDone < audioTarget ? audioDone * audioInterval : double.MaxValue;
            double nextVideo = videoDone < videoTarget ? videoDone * videoInterval : double.MaxValue;
            double wait = Math.Min(nextAudio, nextVideo) - ((_time.GetTimestamp() - start) / frequency);
            if (wait > 0 && (audioDone < audioTarget || videoDone < videoTarget))
            {
                Thread.Sleep(Math.Clamp((int)Math.Ceiling(wait * 1000), 1, 50));
            }
        }
    }

    private void SendAudio(byte[] buffer)
    {
        TrackSendParameters? parameters = _audioSend;
        int length = parameters is { IsActive: true } ? _audio!.WriteNext(buffer, parameters) : 0;
        Interlocked.Increment(ref length > 0 && _transport.SendRtp(buffer, length) ? ref _audioSent : ref _sendFailures);
    }

    private void SendVideo(byte[] buffer, SyntheticVideoSource source, TrackSendParameters? parameters, ClientRetransmitter? retransmitter, ref long sent)
    {
        int length = parameters is { IsActive: true } ? source.WriteNext(buffer, parameters) : 0;
        if (length > 0)
        {
            retransmitter?.Remember(buffer.AsSpan(0, length));
        }

        Interlocked.Increment(ref length > 0 && _transport.SendRtp(buffer, length) ? ref sent : ref _sendFailures);
    }
}
