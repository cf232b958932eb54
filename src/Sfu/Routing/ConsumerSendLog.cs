namespace Sfu.Routing;

/// <summary>
/// Remembers, for the last <see cref="Capacity"/> packets a consumer sent, which publisher packet each
/// outgoing sequence number carried (its simulcast layer and that layer's sequence number) and what it was sent as
/// (timestamp, marker, VP8 PictureID and TL0PICIDX), so a subscriber's NACK (in the consumer's numbering) is served from
/// the right layer's retransmission store and repeats the packet exactly as it first went out.
/// </summary>
/// <remarks>
/// An entry is 16 bytes (a log per consumer, a consumer per subscriber and track: a 25-person room holds 1,800 logs), so
/// the picture numbers are kept as 16-bit values, which their 15- and 8-bit ranges and <c>Absent</c> (-1) fit.
/// </remarks>
public sealed class ConsumerSendLog
{
    public const int Capacity = 1024;

    private readonly Entry[] _entries = new Entry[Capacity];

    /// <param name="pictureId">The VP8 PictureID written, or <see cref="Forwarding.Vp8PictureIdRewriter.Absent"/>.</param>
    /// <param name="tl0PicIdx">The VP8 TL0PICIDX written, or <see cref="Forwarding.Vp8PictureIdRewriter.Absent"/>.</param>
    public void Record(ushort outgoingSequence, ushort sourceSequence, uint outgoingTimestamp, bool marker, int layer = 0, int pictureId = -1, int tl0PicIdx = -1)
    {
        ref Entry entry = ref _entries[outgoingSequence & (Capacity - 1)];
        entry.OutgoingSequence = outgoingSequence;
        entry.SourceSequence = sourceSequence;
        entry.OutgoingTimestamp = outgoingTimestamp;
        entry.PictureId = (short)pictureId;
        entry.Tl0PicIdx = (short)tl0PicIdx;
        entry.Layer = (byte)layer;
        entry.Marker = marker;
        entry.Valid = true;
    }

    public bool TryFind(ushort outgoingSequence, out Sent sent)
    {
        ref Entry entry = ref _entries[outgoingSequence & (Capacity - 1)];
        bool found = entry.Valid && entry.OutgoingSequence == outgoingSequence;
        sent = found ? new Sent(entry.SourceSequence, entry.OutgoingTimestamp, entry.Marker, entry.Layer, entry.PictureId, entry.Tl0PicIdx) : default;
        return found;
    }

    /// <summary>What one outgoing packet carried.</summary>
    public readonly record struct Sent(ushort SourceSequence, uint OutgoingTimestamp, bool Marker, int Layer, int PictureId, int Tl0PicIdx);

    private struct Entry
    {
        public uint OutgoingTimestamp;
        public ushort OutgoingSequence;
        public ushort SourceSequence;
        public short PictureId;
        public short Tl0PicIdx;
        public byte Layer;
        public bool Marker;
        public bool Valid;
    }
}
