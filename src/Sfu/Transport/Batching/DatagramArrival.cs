namespace Sfu.Transport.Batching;

/// <summary>
/// When the datagram being handled right now reached the socket, on the engine's tick clock: the kernel's receive
/// time (SO_TIMESTAMPNS) where the socket has it, otherwise the time the worker read it. Written by the worker loop
/// before each dispatch, read on the same thread during it (transport-wide congestion feedback wants arrival times as
/// close to the wire as possible, not after a batch of decrypting and forwarding).
/// </summary>
public sealed class DatagramArrival
{
    public long Ticks { get; set; }

    /// <summary>True when <see cref="Ticks"/> came from the kernel's stamp.</summary>
    public bool FromKernel { get; set; }
}
