using Sfu.Crypto.Srtp;

namespace Sfu.Client;

/// <summary>The synthetic media sender: one thread per <see cref="SendMediaAsync"/> call, pacing packets at the configured rates.</summary>
public sealed partial class ClientPeer
{
    private const int SendBufferSize = 1500 + SrtpSession.MaxRtpOverhead;

    private long _audioSent;
    private long _videoSent;
    private long _sendFailures;

    /// <summary>
    /// Sends <see cref="MediaSendPlan.AudioPackets"/> audio and <see cref="MediaSendPlan.VideoPackets"/> video packets
    /// (of the tracks this client publishes), packet i of a kind at start + i / rate. Completes when all are sent.
    /// </summary>
    public Task SendMediaAsync(MediaSendPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = new Thread(() => RunSender(plan, completion, cancellationToken))
        {
            IsBackground = true,
            Name = "client-tx-" + ParticipantId,
        };
        sender.Start();
        return completion.Task;
    }

    /// <summary>Makes the next video frame a keyframe (as a PLI from the server does).</summary>
    public void RequestKeyframe() => _video?.RequestKeyframe();

    private void RunSender(MediaSendPlan plan, TaskCompletionSource completion, CancellationToken cancellationToken)
    {
        try
        {
            Pace(plan, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            else if (_disposed)
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
        byte[] buffer = new byte[SendBufferSize];
        int audioTarget = _audio is null ? 0 : plan.AudioPackets;
        int videoTarget = _video is null ? 0 : plan.VideoPackets;
        double audioInterval = 1.0 / _options.Media.AudioPacketsPerSecond;
        double videoInterval = 1.0 / _options.Media.VideoPacketsPerSecond;
        double frequency = _time.TimestampFrequency;
        long start = _time.GetTimestamp();
        int audioDone = 0;
        int videoDone = 0;
        while ((audioDone < audioTarget || videoDone < videoTarget) && !cancellationToken.IsCancellationRequested && !_disposed)
        {
            double elapsed = (_time.GetTimestamp() - start) / frequency;
            while (audioDone < audioTarget && audioDone * audioInterval <= elapsed)
            {
                SendAudio(buffer);
                audioDone++;
            }

            while (videoDone < videoTarget && videoDone * videoInterval <= elapsed)
            {
                SendVideo(buffer);
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
        if (length > 0 && SendRtp(buffer, length))
        {
            Interlocked.Increment(ref _audioSent);
        }
        else
        {
            Interlocked.Increment(ref _sendFailures);
        }
    }

    private void SendVideo(byte[] buffer)
    {
        TrackSendParameters? parameters = _videoSend;
        int length = parameters is { IsActive: true } ? _video!.WriteNext(buffer, parameters) : 0;
        if (length > 0)
        {
            RememberSent(buffer.AsSpan(0, length));
        }

        if (length > 0 && SendRtp(buffer, length))
        {
            Interlocked.Increment(ref _videoSent);
        }
        else
        {
            Interlocked.Increment(ref _sendFailures);
        }
    }
}
