using System.Net.WebSockets;
using System.Text.Json;
using Signaling.Sessions;

namespace Signaling.Tests.Fakes;

/// <summary>Collects what the server would send on one connection.</summary>
public sealed class RecordingSink : IMessageSink
{
    private readonly List<JsonElement> _messages = [];

    public WebSocketCloseStatus? ClosedWith { get; private set; }

    public string? CloseDescription { get; private set; }

    public bool TrySend(byte[] utf8Json)
    {
        lock (_messages)
        {
            if (ClosedWith is not null)
            {
                return false;
            }

            _messages.Add(JsonDocument.Parse(utf8Json).RootElement.Clone());
            return true;
        }
    }

    public void Close(WebSocketCloseStatus status, string description)
    {
        lock (_messages)
        {
            ClosedWith ??= status;
            CloseDescription ??= description;
        }
    }

    public IReadOnlyList<JsonElement> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<JsonElement> OfType(string type) => [.. Messages.Where(m => m.GetProperty("type").GetString() == type)];

    public string[] Types() => [.. Messages.Select(m => m.GetProperty("type").GetString()!)];

    public JsonElement Last => Messages[^1];

    public JsonElement Single(string type) => Assert.Single(OfType(type));

    public void Clear()
    {
        lock (_messages)
        {
            _messages.Clear();
        }
    }
}
