using Sfu.Congestion;
using Sfu.Crypto.Srtp;
using Sfu.Wire.Rtp;
using Sfu.Wire.Sdp;

namespace Sfu.Client;

/// <summary>
/// The receive side of transport-wide congestion control, as a browser does it (opt-in,
/// <see cref="ClientPeerOptions.SendTransportCcFeedback"/>): the server's transport-wide sequence number of every
/// received RTP packet (media and padding probes alike) is recorded with its arrival time by the engine's own
/// <see cref="TransportCcRecorder"/>, and feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1) is
/// sent every 50 ms, so the server's send-side estimator can follow what this client receives.
/// </summary>
internal sealed class ClientTransportCcFeedback : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly ClientTransport _transport;
    private readonly TimeProvider _time;
    private readonly uint _rtcpSsrc;
    private readonly TransportCcRecorder _recorder = new();
    private readonly Timer _timer;
    private readonly object _gate = new();
    private readonly byte[] _buffer = new byte[1200 + SrtpSession.MaxRtcpOverhead];
    private volatile int _extensionId;
    private volatile bool _disposed;
    private int _tickRunning;
    private uint _mediaSsrc;
    private long _feedbackSent;

    public ClientTransportCcFeedback(ClientTransport transport, TimeProvider time, uint rtcpSsrc)
    {
        _transport = transport;
        _time = time;
        _rtcpSsrc = rtcpSsrc;
        _timer = new Timer(static state => ((ClientTransportCcFeedback)state!).OnTimer(), this, Interval, Interval);
    }

    /// <summary>Transport-cc feedback messages sent so far.</summary>
    public long FeedbackSent => Interlocked.Read(ref _feedbackSent);

    /// <summary>After each negotiation: the extension id the server stamps (bundled lines share it, RFC 8843 section 9.2).</summary>
    public void OnCommitted(IReadOnlyList<ClientTransceiver> lines)
    {
        int id = 0;
        foreach (ClientTransceiver line in lines)
        {
            if (!line.Rejected && line.Direction.Receives() && line.ExtensionId(RtpExtensionUris.TransportWideCc) is > 0 and < 15 and int found)
            {
                id = found;
                break;
            }
        }

        _extensionId = id;
    }

    /// <summary>On the receive path, for every authenticated RTP packet.</summary>
    public void OnPacket(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        int id = _extensionId;
        if (id > 0
            && RtpHeaderExtensions.TryFind(packet, header, id, out ReadOnlySpan<byte> value)
            && TransportSequenceNumberExtension.TryRead(value, out ushort sequence))
        {
            lock (_gate)
            {
                _recorder.OnPacket(sequence, _time.GetElapsedTime(0).Ticks);
                _mediaSsrc = header.Ssrc;
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
    }

    private void OnTimer()
    {
        if (_disposed || !_transport.IsConnected || Interlocked.Exchange(ref _tickRunning, 1) == 1)
        {
            return;
        }

        try
        {
            while (true)
            {
                int length;
                lock (_gate)
                {
                    length = _recorder.WriteFeedback(_buffer.AsSpan(0, _buffer.Length - SrtpSession.MaxRtcpOverhead), _rtcpSsrc, _mediaSsrc);
                }

                if (length == 0)
                {
                    break;
                }

                if (_transport.SendRtcp(_buffer, length))
                {
                    Interlocked.Increment(ref _feedbackSent);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _tickRunning, 0);
        }
    }
}
