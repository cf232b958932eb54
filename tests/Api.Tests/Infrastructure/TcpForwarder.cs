using System.Net;
using System.Net.Sockets;

namespace Api.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of PostgreSQL that a test can cut (closing every forwarded connection and refusing
/// new ones) and restore, to see how the server behaves while its database is unreachable.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _connections = [];
    private readonly object _gate = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public TcpForwarder(IPEndPoint target, int port = 0)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; private set; }

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync(_listener);
    }

    /// <summary>Stops listening and closes every forwarded connection.</summary>
    public async Task CutAsync()
    {
        _listener?.Stop();
        await _acceptLoop.ContinueWith(static _ => { }, TaskScheduler.Default);
        lock (_gate)
        {
            foreach (TcpClient connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync() => await CutAsync();

    private async Task AcceptAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                TcpClient inbound = await listener.AcceptTcpClientAsync();
                var outbound = new TcpClient();
                await outbound.ConnectAsync(_target);
                lock (_gate)
                {
                    _connections.Add(inbound);
                    _connections.Add(outbound);
                }

                _ = PumpAsync(inbound, outbound);
                _ = PumpAsync(outbound, inbound);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut.
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
