using Microsoft.Playwright;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>One participant's meeting page, with the checks the browser tests make on it.</summary>
internal sealed class MeetingPage(IPage page, string name)
{
    private static readonly PageWaitForFunctionOptions Wait = new() { Timeout = 45_000, PollingInterval = 300 };

    public IPage Page { get; } = page;

    public string Name { get; } = name;

    /// <param name="initScript">Runs in the page before its own scripts (e.g. to make getUserMedia fail as a browser would).</param>
    public static async Task<MeetingPage> JoinAsync(Browser.Chromium chromium, Uri server, string room, string name, string? initScript = null)
    {
        IPage page = await chromium.Context.NewPageAsync();
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }

        await page.GotoAsync(new Uri(server, $"/m/{room}?name={name}").ToString());
        return new MeetingPage(page, name);
    }

    /// <summary>Waits for a page condition; on failure the error carries what the page showed, for a readable CI log.</summary>
    private async Task WaitAsync(string expression, object? arg, PageWaitForFunctionOptions options)
    {
        try
        {
            await Page.WaitForFunctionAsync(expression, arg, options);
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            string state = await Page.EvaluateAsync<string>(
                """
                () => JSON.stringify({
                  participantId: window.sfuDebug?.participantId ?? null,
                  hasPeerConnection: !!window.sfuDebug?.pc,
                  connection: window.sfuDebug?.pc?.connectionState ?? null,
                  signaling: document.body.dataset.signalingState ?? null,
                  ended: document.getElementById('ended')?.hidden === false ? document.getElementById('ended-reason').textContent : null,
                  notices: [...document.querySelectorAll('#notices .notice')].map(n => n.textContent),
                  tiles: [...document.querySelectorAll('.tile')].map(t => `${t.dataset.participantId}/${t.dataset.source}`),
                })
                """);
            throw new InvalidOperationException($"{Name}'s page: {ex.Message.Split('\n')[0]}; page state {state}", ex);
        }
    }

    public Task<string> ParticipantIdAsync() => Page.EvaluateAsync<string>("() => window.sfuDebug.participantId");

    /// <summary>Waits until exactly <paramref name="count"/> remote camera tiles show video that plays (width known, time advancing).</summary>
    public async Task WaitForPlayingRemoteVideosAsync(int count)
    {
        await WaitAsync(
            """
            async (count) => {
              const videos = [...document.querySelectorAll('.tile[data-local="false"][data-source="camera"] video')];
              if (videos.length !== count) return false;
              const before = videos.map(v => v.currentTime);
              await new Promise(r => setTimeout(r, 400));
              return videos.every((v, i) => v.videoWidth > 0 && v.currentTime > before[i]);
            }
            """,
            count,
            Wait);
    }

    /// <summary>Waits until <paramref name="count"/> inbound audio streams exist and every one of them keeps receiving packets.</summary>
    public async Task WaitForRisingRemoteAudioAsync(int count)
    {
        await WaitAsync(
            """
            async (count) => {
              const audioPackets = async () => {
                const result = new Map();
                const pc = window.sfuDebug.pc;
                if (!pc) return result; // not joined (yet, or any more): keep waiting, the timeout reports the page state
                const stats = await pc.getStats();
                stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.packetsReceived > 0) result.set(s.ssrc, s.packetsReceived); });
                return result;
              };
              const first = await audioPackets();
              await new Promise(r => setTimeout(r, 500));
              const second = await audioPackets();
              const rising = [...second].filter(([ssrc, n]) => n > (first.get(ssrc) ?? 0));
              return rising.length === count;
            }
            """,
            count,
            Wait);
    }

    /// <summary>Waits until the camera (or screen) tile of <paramref name="participantId"/> shows video that plays.</summary>
    public async Task WaitForPlayingVideoOfAsync(string participantId, string source = "camera")
    {
        await WaitAsync(
            """
            async ([id, source]) => {
              const video = document.querySelector(`.tile[data-participant-id="${id}"][data-source="${source}"] video`);
              if (!video) return false;
              const before = video.currentTime;
              await new Promise(r => setTimeout(r, 400));
              return video.videoWidth > 0 && video.currentTime > before;
            }
            """,
            new[] { participantId, source },
            Wait);
    }

    /// <summary>Waits until a tile for <paramref name="participantId"/> exists (joined, with or without media).</summary>
    public async Task WaitForTileOfAsync(string participantId)
    {
        await WaitAsync(
            "(id) => !!document.querySelector(`.tile[data-participant-id=\"${id}\"]`)",
            participantId,
            Wait);
    }

    /// <summary>Waits until a notice on the page contains <paramref name="text"/>.</summary>
    public async Task WaitForNoticeAsync(string text)
    {
        await WaitAsync(
            "(text) => [...document.querySelectorAll('#notices .notice')].some(n => n.textContent.includes(text))",
            text,
            Wait);
    }

    public Task<bool> IsDisabledAsync(string selector) => Page.IsDisabledAsync(selector);

    public async Task WaitForNoTileOfAsync(string participantId, int timeoutMs, string? source = null)
    {
        await WaitAsync(
            "([id, source]) => !document.querySelector(`.tile[data-participant-id=\"${id}\"]` + (source ? `[data-source=\"${source}\"]` : ''))",
            new[] { participantId, source },
            new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 100 });
    }

    public async Task SendChatAsync(string text)
    {
        await Page.FillAsync("#chat-input", text);
        await Page.PressAsync("#chat-input", "Enter");
    }

    public async Task WaitForChatAsync(string text)
    {
        await WaitAsync(
            "(text) => [...document.querySelectorAll('[data-chat-message]')].some(m => m.textContent.includes(text))",
            text,
            Wait);
    }

    public async Task WaitForMutedTileAsync(string participantId)
    {
        await WaitAsync(
            "(id) => document.querySelector(`.tile[data-participant-id=\"${id}\"][data-source=\"camera\"]`)?.dataset.muted === 'true'",
            participantId,
            Wait);
    }
}
