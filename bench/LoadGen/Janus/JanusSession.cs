using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoadGen.Janus;

/// <summary>
/// One Janus session on the JSON API (https://janus.conf.meetecho.com/docs/rest.html), independent of the socket that
/// carries it: requests get a transaction id and wait for the reply with that id; replies may arrive in any order and
/// interleaved with events for other transactions. A plugin <c>message</c> is first acknowledged (<c>ack</c>) and answered
/// later by an <c>event</c> with the same transaction, unless the plugin answers at once (<c>success</c>). Events without a
/// waiting transaction (<c>publishers</c>, <c>webrtcup</c>, <c>hangup</c>, ...) go to <see cref="Unsolicited"/>.
/// A message that cannot be read is counted in <see cref="Errors"/>; <see cref="OnMessage"/> never throws.
/// </summary>
internal sealed class JanusSession
{
    public const string VideoRoomPlugin = "janus.plugin.videoroom";
    private static readonly TimeSpan DefaultReplyTimeout = TimeSpan.FromSeconds(20);

    private readonly Func<byte[], CancellationToken, Task> _send;
    private readonly ConcurrentDictionary<string, Pending> _pending = new();

    // Plugin messages answered by their event before Janus's ack arrived (seen with "start"): the late ack is expected.
    private readonly ConcurrentDictionary<string, byte> _ackOutstanding = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<JsonElement> _unsolicited = new();
    private int _transactions;

    public JanusSession(Func<byte[], CancellationToken, Task> send, TimeSpan? replyTimeout = null)
    {
        _send = send;
        ReplyTimeout = replyTimeout ?? DefaultReplyTimeout;
    }

    public TimeSpan ReplyTimeout { get; }

    /// <summary>The session id from <c>create</c>; 0 before.</summary>
    public long SessionId { get; private set; }

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Events no request waited for, in arrival order (clones: they outlive the message).</summary>
    public IReadOnlyCollection<JsonElement> Unsolicited => _unsolicited;

    /// <summary>Raised for each unsolicited event, on the receiving thread.</summary>
    public event Action<JsonElement>? UnsolicitedEvent;

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        JsonElement reply = await RequestAsync("create", new JsonObject(), waitForEvent: false, cancellationToken);
        SessionId = JanusReply.DataId(reply) ?? throw Malformed("create", reply);
    }

    /// <summary>Attaches a handle to the VideoRoom plugin; answers its id.</summary>
    public async Task<long> AttachAsync(CancellationToken cancellationToken)
    {
        JsonElement reply = await RequestAsync("attach", new JsonObject { ["plugin"] = VideoRoomPlugin }, waitForEvent: false, cancellationToken);
        return JanusReply.DataId(reply) ?? throw Malformed("attach", reply);
    }

    public Task KeepaliveAsync(CancellationToken cancellationToken) =>
        RequestAsync("keepalive", new JsonObject(), waitForEvent: false, cancellationToken);

    /// <summary>Sends a plugin <c>message</c> on a handle; answers <c>plugindata.data</c> and the reply (for its jsep).</summary>
    public async Task<(JsonElement Data, JsonElement Reply)> MessageAsync(long handle, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        string request = body["request"]?.GetValue<string>() ?? "message";
        var message = new JsonObject { ["handle_id"] = handle, ["body"] = body };
        if (jsep is not null)
        {
            message["jsep"] = jsep;
        }

        JsonElement reply = await RequestAsync("message", message, waitForEvent: true, cancellationToken);
        return (JanusReply.PluginData(reply) ?? throw Malformed(request, reply), reply);
    }

    /// <summary>Sends one request and waits for its final reply; core and plugin errors throw <see cref="JanusException"/>.</summary>
    public async Task<JsonElement> RequestAsync(string kind, JsonObject message, bool waitForEvent, CancellationToken cancellationToken)
    {
        string transaction = "t" + Interlocked.Increment(ref _transactions).ToString(CultureInfo.InvariantCulture);
        message["janus"] = kind;
        message["transaction"] = transaction;
        if (SessionId != 0)
        {
            message["session_id"] = SessionId;
        }

        var pending = new Pending(kind, waitForEvent);
        _pending[transaction] = pending;
        try
        {
            await _send(JsonSerializer.SerializeToUtf8Bytes(message), cancellationToken);
            return await pending.Reply.Task.WaitAsync(ReplyTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new JanusException(kind, 0, $"no reply to transaction {transaction} within {ReplyTimeout.TotalSeconds:0} s");
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
            if (pending.WaitForEvent && !pending.Acked && pending.Reply.Task.IsCompletedSuccessfully && _ackOutstanding.Count < 1024)
            {
                _ackOutstanding[transaction] = 0;
            }
        }
    }

    /// <summary>Handles one message from Janus. Never throws: what cannot be read is recorded in <see cref="Errors"/>.</summary>
    public void OnMessage(string text)
    {
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            _errors.Enqueue("unreadable Janus message: " + ex.Message);
            return;
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            // The HTTP long poll batches events in an array; the WebSocket sends them one by one.
            foreach (JsonElement item in root.EnumerateArray())
            {
                OnReply(item);
            }

            return;
        }

        OnReply(root);
    }

    private void OnReply(JsonElement root)
    {
        string? kind = JanusReply.Kind(root);
        if (kind is null)
        {
            _errors.Enqueue("Janus message without a \"janus\" field: " + Shorten(root.GetRawText()));
            return;
        }

        string? transaction = JanusReply.Transaction(root);
        if (kind == "ack" && transaction is not null && _ackOutstanding.TryRemove(transaction, out _))
        {
            return;
        }

        if (transaction is not null && _pending.TryGetValue(transaction, out Pending? pending))
        {
            Complete(pending, kind, root);
            return;
        }

        switch (kind)
        {
            case "ack" or "success" or "error":
                // A reply whose request has timed out or that we never sent.
                _errors.Enqueue($"Janus {kind} for unknown transaction {transaction ?? "(none)"}");
                break;
            case "timeout":
                _errors.Enqueue("Janus timed the session out");
                _unsolicited.Enqueue(root);
                UnsolicitedEvent?.Invoke(root);
                break;
            default:
                _unsolicited.Enqueue(root);
                UnsolicitedEvent?.Invoke(root);
                break;
        }
    }

    private static void Complete(Pending pending, string kind, JsonElement root)
    {
        if (JanusReply.Error(root) is { } error)
        {
            pending.Reply.TrySetException(new JanusException(pending.Kind, error.Code, error.Reason));
            return;
        }

        switch (kind)
        {
            case "ack" when pending.WaitForEvent:
                pending.Acked = true;
                break; // the plugin answers later, with an event carrying the same transaction
            case "ack" or "success" or "event":
                pending.Reply.TrySetResult(root);
                break;
            default:
                pending.Reply.TrySetException(new JanusException(pending.Kind, 0, $"unexpected reply \"{kind}\""));
                break;
        }
    }

    private static JanusException Malformed(string request, JsonElement reply) =>
        new(request, 0, "reply without the expected fields: " + Shorten(reply.GetRawText()));

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private sealed class Pending(string kind, bool waitForEvent)
    {
        public string Kind { get; } = kind;

        public bool WaitForEvent { get; } = waitForEvent;

        public bool Acked { get; set; }

        public TaskCompletionSource<JsonElement> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
