using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LoadGen.Janus;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>
/// Plays Janus's side from replies recorded from a real Janus (JanusReplies/*.json): takes each request the client sends
/// and feeds it a recorded reply with the transaction id replaced by the one the client chose.
/// </summary>
internal sealed class RecordedJanus
{
    private readonly Channel<JsonObject> _requests = Channel.CreateUnbounded<JsonObject>();

    public RecordedJanus(TimeSpan? replyTimeout = null) =>
        Session = new JanusSession(
            (bytes, _) =>
            {
                _requests.Writer.TryWrite(JsonNode.Parse(bytes)!.AsObject());
                return Task.CompletedTask;
            },
            replyTimeout ?? TimeSpan.FromSeconds(30));

    public JanusSession Session { get; }

    /// <summary>A recorded reply, embedded in the test assembly (LoadGen/JanusReplies/NAME.json).</summary>
    public static string Fixture(string name)
    {
        using Stream stream = typeof(RecordedJanus).Assembly.GetManifestResourceStream("JanusReplies." + name + ".json")
            ?? throw new FileNotFoundException("no recorded Janus reply " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The next request the client sent (waits for it).</summary>
    public async Task<JsonObject> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _requests.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Feeds the recorded reply <paramref name="fixture"/> as the answer to <paramref name="request"/>.</summary>
    public void Reply(JsonObject request, string fixture) => Session.OnMessage(WithTransaction(Fixture(fixture), (string)request["transaction"]!));

    public static string WithTransaction(string recorded, string transaction)
    {
        JsonNode node = JsonNode.Parse(recorded)!;
        if (node is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                item!["transaction"] = transaction;
            }
        }
        else
        {
            node["transaction"] = transaction;
        }

        return node.ToJsonString();
    }
}
