namespace Sfu.Routing;

/// <summary>
/// The consumers one participant receives, in the order they were created (the order of its m= lines), and by the
/// SSRC the server sends them with, for the RTCP the participant sends about them. Owned by the media worker thread.
/// </summary>
internal sealed class ConsumerSet
{
    private readonly List<Consumer> _list = [];
    private readonly Dictionary<uint, Consumer> _bySsrc = [];

    public IReadOnlyList<Consumer> All => _list;

    public int Count => _list.Count;

    public Consumer this[int index] => _list[index];

    /// <summary>A struct enumerator, so ticks and RTCP iterate without allocating.</summary>
    public List<Consumer>.Enumerator GetEnumerator() => _list.GetEnumerator();

    public void Add(Consumer consumer)
    {
        _list.Add(consumer);
        _bySsrc.Add(consumer.Ssrc, consumer);
    }

    public void RemoveAt(int index)
    {
        _bySsrc.Remove(_list[index].Ssrc);
        _list.RemoveAt(index);
    }

    public bool TryGetBySsrc(uint ssrc, out Consumer? consumer) => _bySsrc.TryGetValue(ssrc, out consumer);

    /// <summary>The consumer of a track (a participant receives each track once).</summary>
    public Consumer? FindByTrackId(string trackId)
    {
        foreach (Consumer consumer in _list)
        {
            if (consumer.Producer.TrackId == trackId)
            {
                return consumer;
            }
        }

        return null;
    }

    public void Clear()
    {
        _list.Clear();
        _bySsrc.Clear();
    }
}
