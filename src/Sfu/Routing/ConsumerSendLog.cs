namespace Sfu.Routing;

/// <summary>
/// Remembers, for the last <see cref="Capacity"/> packets a consumer sent, which publisher packet each
/// outgoing sequence number carried (its simulcast layer and that layer's sequence number) and with which timestamp,
/// so a subscriber's NACK (in the consumer's numbering) can be served from the right layer's retransmission store.
/// </summary>
public sealed class ConsumerSendLog
{
    public const int Capacity = 1024;

    private readonly Entry[] _entries = new Entry[Capacity];

    public void Record(ushort outgoingSequence, ushort sourceSequence, uint outgoingTimestamp, bool marker, int layer = 0)
    {
        ref Entry entry = ref _entries[outgoingSequence & (Capacity - 1)];
        entry.OutgoingSequence = outgoingSequence;
        entry.SourceSequence = sourceSequence;
        entry.OutgoingTimestamp = outgoingTimestamp;
        entry.Marker = marker;
        entry.Layer = (byte)layer;
        entry.Valid = true;
    }

    public bool TryFind(ushort outgoingSequence, out ushort sourceSequence, out uint outgoingTimestamp, out bool marker) =>
        TryFind(outgoingSequence, out sourceSequence, out outgoingTimestamp, out marker, out _);

    public bool TryFind(ushort outgoingSequence, out ushort sourceSequence, out uint outgoingTimestamp, out bool marker, out int layer)
    {
        ref Entry entry = ref _entries[outgoingSequence & (Capacity - 1)];
        bool found = entry.Valid && entry.OutgoingSequence == outgoingSequence;
        sourceSequence = found ? entry.SourceSequence : default;
        outgoingTimestamp = found ? entry.OutgoingTimestamp : default;
        marker = found && entry.Marker;
        layer = found ? entry.Layer : 0;
        return found;
    }

    private struct Entry
    {
        public ushort OutgoingSequence;
        public ushort SourceSequence;
        public uint OutgoingTimestamp;
        public bool Marker;
        public byte Layer;
        public bool Valid;
    }
}
