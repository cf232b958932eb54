using System.Text.Json;
using Microsoft.Playwright;

namespace Sfu.IntegrationTests.Tiles;

/// <summary>
/// The signaling messages a page really sent over its WebSocket (Playwright sees the frames), so that a test asserts on
/// what the server was told rather than on what the page's scripts meant to tell it. Attach before the page navigates.
/// </summary>
internal sealed class SentSignaling
{
    private readonly List<(DateTime At, JsonElement Message)> _messages = [];

    private SentSignaling(IPage page)
    {
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            if (frame.Text is null)
            {
                return;
            }

            JsonElement message;
            try
            {
                message = JsonDocument.Parse(frame.Text).RootElement.Clone();
            }
            catch (JsonException)
            {
                return; // the page sends only JSON; anything else would fail the assertions on what was sent
            }

            lock (_messages)
            {
                _messages.Add((DateTime.UtcNow, message));
            }
        };
    }

    public static SentSignaling Attach(IPage page) => new(page);

    /// <summary>The sent messages of one type, oldest first.</summary>
    public IReadOnlyList<JsonElement> OfType(string type)
    {
        lock (_messages)
        {
            return _messages.Where(m => m.Message.TryGetProperty("type", out JsonElement t) && t.GetString() == type).Select(m => m.Message).ToList();
        }
    }

    /// <summary>The newest videoPreferences entries by trackId, or an empty map when none was sent yet.</summary>
    public Dictionary<string, JsonElement> LatestPreferences()
    {
        IReadOnlyList<JsonElement> sent = OfType("videoPreferences");
        var tracks = new Dictionary<string, JsonElement>();
        if (sent.Count > 0)
        {
            foreach (JsonElement track in sent[^1].GetProperty("tracks").EnumerateArray())
            {
                tracks[track.GetProperty("trackId").GetString()!] = track;
            }
        }

        return tracks;
    }

    /// <summary>Waits until the newest videoPreferences message satisfies <paramref name="condition"/>.</summary>
    public async Task<Dictionary<string, JsonElement>> WaitForPreferencesAsync(Func<Dictionary<string, JsonElement>, bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            Dictionary<string, JsonElement> latest = LatestPreferences();
            if (condition(latest))
            {
                return latest;
            }

            if (clock.Elapsed > limit)
            {
                IReadOnlyList<JsonElement> sent = OfType("videoPreferences");
                string last = sent.Count > 0 ? sent[^1].ToString() : "(none sent)";
                throw new TimeoutException($"no videoPreferences message {what} within {limit.TotalSeconds:0} s; the last one: {last}");
            }

            await Task.Delay(100);
        }
    }
}
