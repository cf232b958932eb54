using System.Collections.Concurrent;
using Sfu.Dtls;
using Sfu.Transport;

namespace Sfu.Tests.Transport;

/// <summary>
/// The worker's queue as tests need it: what a DTLS thread hands back is kept until the test thread pumps it (or, with
/// <c>inline: true</c>, applied on the calling thread at once), so tests decide when the transport sees it.
/// </summary>
internal sealed class TestWorkQueue(bool inline = false) : ITransportWorkQueue
{
    private readonly ConcurrentQueue<Action> _pending = new();

    public void PostDtlsCompleted(WebRtcTransport transport, DtlsSession session, DtlsHandshakeResult? result, string? error) =>
        Post(() => transport.OnDtlsCompleted(session, result, error));

    public void PostDtlsClosedByPeer(WebRtcTransport transport, DtlsSession session) =>
        Post(() => transport.OnDtlsClosedByPeer(session));

    /// <summary>Applies what was handed back so far, on the calling thread; returns how many items ran.</summary>
    public int Pump()
    {
        int count = 0;
        while (_pending.TryDequeue(out Action? work))
        {
            work();
            count++;
        }

        return count;
    }

    private void Post(Action work)
    {
        if (inline)
        {
            work();
        }
        else
        {
            _pending.Enqueue(work);
        }
    }
}
