using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Signaling.Tests.Hosting;

/// <summary>A real WebSocket client for host tests: receives in the background, hands out messages by type.</summary>
public sealed class WsTestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _skipped = [];
    private Task _receiveLoop = Task.CompletedTask;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public static async Task<WsTestClient> ConnectAsync(Uri baseAddress)
    {
        var client = new WsTestClient();
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/ws" }.Uri;
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client._receiveLoop = client.ReceiveLoopAsync();
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message of <paramref name="type"/> (others are kept for later calls).</summary>
    public async Task<JsonElement> ReceiveAsync(string type)
    {
        int index = _skipped.FindIndex(m => m.GetProperty("type").GetString() == type);
        if (index >= 0)
        {
            JsonElement found = _skipped[index];
            _skipped.RemoveAt(index);
            return found;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            JsonElement message = await _received.Reader.ReadAsync(timeout.Token);
            if (message.GetProperty("type").GetString() == type)
            {
                return message;
            }

            _skipped.Add(message);
        }
    }

    /// <summary>Waits for the server to close the socket.</summary>
    public async Task WaitClosedAsync() => await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Waits for the server to close the socket; then the types of every message not handed out yet, in order of arrival.</summary>
    public async Task<List<string>> RemainingTypesAfterCloseAsync()
    {
        await WaitClosedAsync();
        List<string> types = [.. _skipped.Select(m => m.GetProperty("type").GetString()!)];
        while (_received.Reader.TryRead(out JsonElement message))
        {
            types.Add(message.GetProperty("type").GetString()!);
        }

        return types;
    }

    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException)
            {
                // Server already gone.
            }
        }

        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _received.Writer.TryWrite(JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone());
            }
        }
        catch (WebSocketException)
        {
            // Aborted.
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }
}
