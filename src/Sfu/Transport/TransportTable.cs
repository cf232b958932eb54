namespace Sfu.Transport;

/// <summary>
/// Finds the transport a datagram belongs to: by remote address once ICE has validated it, or by the
/// local ICE ufrag named in a STUN request from a new address (RFC 8445 section 7.3). Owned by the
/// media worker thread, so plain dictionaries suffice.
/// </summary>
public sealed class TransportTable
{
    private readonly Dictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebRtcTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<SocketAddressKey, WebRtcTransport> _byAddress = [];

    public TransportTable()
    {
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _byUfrag.Count;

    public IEnumerable<WebRtcTransport> All => _byUfrag.Values;

    public void Add(WebRtcTransport transport) => _byUfrag.Add(transport.LocalUfrag, transport);

    public bool TryGetByAddress(in SocketAddressKey key, out WebRtcTransport? transport) => _byAddress.TryGetValue(key, out transport);

    /// <summary>Looks a transport up by the ASCII ufrag bytes of a STUN USERNAME, without allocating a string.</summary>
    public bool TryGetByUfrag(ReadOnlySpan<byte> ufragAscii, out WebRtcTransport? transport)
    {
        transport = null;
        if (ufragAscii.Length is 0 or > 256)
        {
            return false;
        }

        Span<char> chars = stackalloc char[ufragAscii.Length];
        for (int i = 0; i < ufragAscii.Length; i++)
        {
            chars[i] = (char)ufragAscii[i];
        }

        return _byUfragSpan.TryGetValue(chars, out transport);
    }

    /// <summary>Binds a validated address to its transport; an address moves if it was someone else's (port reuse).</summary>
    public void Bind(in SocketAddressKey key, WebRtcTransport transport)
    {
        if (_byAddress.TryGetValue(key, out WebRtcTransport? previous) && previous != transport)
        {
            previous.ForgetAddress(key);
        }

        _byAddress[key] = transport;
    }

    public void Unbind(in SocketAddressKey key, WebRtcTransport transport)
    {
        if (_byAddress.TryGetValue(key, out WebRtcTransport? bound) && bound == transport)
        {
            _byAddress.Remove(key);
        }
    }

    /// <summary>Removes a transport and every address bound to it.</summary>
    public void Remove(WebRtcTransport transport)
    {
        _byUfrag.Remove(transport.LocalUfrag);
        foreach (SocketAddressKey key in transport.BoundAddresses)
        {
            Unbind(key, transport);
        }
    }
}
