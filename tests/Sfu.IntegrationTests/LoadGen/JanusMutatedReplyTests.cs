using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoadGen.Janus;

namespace Sfu.IntegrationTests.LoadGen;

/// <summary>
/// Recorded Janus replies, mutated (bytes flipped, text cut, fields replaced by values of other types) and random text:
/// the client never throws from its receive path, and each request ends in its answer or a <see cref="JanusException"/>.
/// </summary>
public class JanusMutatedReplyTests
{
    private static readonly string[] Fixtures =
    [
        "create", "attach", "create-room", "create-room-exists", "join-publisher-ack", "join-publisher-events", "configure-ack",
        "configure-events", "keepalive", "join-twice-events", "session-not-found", "unknown-request", "subscribe-no-such-feed-events",
        "subscribe-ack", "subscribe-events", "start-ack", "start-events", "publishers-event", "webrtcup-media-hangup", "unpublished-event",
    ];

    [Fact]
    public async Task MutatedRepliesEndInAnAnswerOrAJanusError()
    {
        var random = new Random(1515);
        int failed = 0;
        for (int round = 0; round < 400; round++)
        {
            var janus = new RecordedJanus();
            using var cancel = new CancellationTokenSource();
            Task request = Start(janus, round % 7, cancel.Token);
            JsonObject sent = await janus.NextRequestAsync();
            string recorded = RecordedJanus.WithTransaction(RecordedJanus.Fixture(Fixtures[random.Next(Fixtures.Length)]), (string)sent["transaction"]!);
            string mutated = (round % 3) switch
            {
                0 => FlipBytes(recorded, random),
                1 => recorded[..random.Next(recorded.Length)],
                _ => ReplaceAField(recorded, random),
            };

            janus.Session.OnMessage(mutated); // must not throw
            janus.Session.OnMessage(mutated);
            // Let an answered request finish (its continuation runs asynchronously); one still waiting is cancelled.
            await Task.WhenAny(request, Task.Delay(20));
            cancel.Cancel();
            try
            {
                await request;
            }
            catch (JanusException)
            {
                failed++;
            }
            catch (OperationCanceledException)
            {
                // still waiting for a reply that never came: fine
            }
        }

        Assert.InRange(failed, 1, 399);
    }

    [Fact]
    public void RandomTextIsCountedAsAnError()
    {
        var random = new Random(15);
        var janus = new RecordedJanus();
        for (int i = 0; i < 500; i++)
        {
            byte[] bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            janus.Session.OnMessage(Encoding.UTF8.GetString(bytes));
        }

        janus.Session.OnMessage("[1, \"x\", null, {}]");
        janus.Session.OnMessage("42");
        Assert.NotEmpty(janus.Session.Errors);
    }

    private static Task Start(RecordedJanus janus, int which, CancellationToken cancel)
    {
        var room = new JanusVideoRoom(janus.Session);
        return which switch
        {
            0 => janus.Session.CreateAsync(cancel),
            1 => janus.Session.AttachAsync(cancel),
            2 => room.JoinAsPublisherAsync(1, 4242, "p", cancel),
            3 => room.ConfigureAsync(1, "v=0\r\n", cancel),
            4 => room.JoinAsSubscriberAsync(1, 4242, [1], cancel),
            5 => room.StartAsync(1, "v=0\r\n", cancel),
            _ => janus.Session.KeepaliveAsync(cancel),
        };
    }

    private static string FlipBytes(string text, Random random)
    {
        char[] chars = text.ToCharArray();
        for (int i = random.Next(1, 4); i > 0; i--)
        {
            chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
        }

        return new string(chars);
    }

    /// <summary>Replaces one value anywhere in the reply by a value of another JSON type.</summary>
    private static string ReplaceAField(string text, Random random)
    {
        JsonNode root = JsonNode.Parse(text)!;
        var objects = new List<JsonObject>();
        Collect(root, objects);
        JsonObject target = objects[random.Next(objects.Count)];
        string[] names = target.Select(p => p.Key).ToArray();
        if (names.Length > 0)
        {
            target[names[random.Next(names.Length)]] = random.Next(5) switch
            {
                0 => null,
                1 => JsonValue.Create("x"),
                2 => JsonValue.Create(-1),
                3 => new JsonArray(),
                _ => new JsonObject(),
            };
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = random.Next(2) == 0 });
    }

    private static void Collect(JsonNode? node, List<JsonObject> into)
    {
        if (node is JsonObject obj)
        {
            into.Add(obj);
            foreach (KeyValuePair<string, JsonNode?> property in obj)
            {
                Collect(property.Value, into);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                Collect(item, into);
            }
        }
    }
}
