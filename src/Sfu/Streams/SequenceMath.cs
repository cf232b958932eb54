namespace Sfu.Streams;

/// <summary>
/// The one-line 16-bit sequence extension this folder and the forwarder share. Kept internal and
/// separate from <c>Sfu.Buffers.SequenceUnwrapper</c> on purpose: callers here already hold the
/// extended reference they compare against, so they need no extra state.
/// </summary>
internal static class SequenceMath
{
    /// <summary>
    /// Extends <paramref name="sequenceNumber"/> to 64 bits as the value closest to <paramref name="reference"/>
    /// (within -32768..+32767 of it), which is how RTP's wrapping arithmetic reads sequence numbers.
    /// </summary>
    public static long Extend(long reference, ushort sequenceNumber) =>
        reference + unchecked((short)(sequenceNumber - (ushort)reference));
}
