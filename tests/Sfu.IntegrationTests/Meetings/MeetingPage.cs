using Microsoft.Playwright;
using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>One participant's meeting page, with the checks the browser tests make on it.</summary>
internal sealed class MeetingPage
{
    private static readonly PageWaitForFunctionOptions Wait = new() { Timeout = 45_000, PollingInterval = 300 };

    private readonly List<string> _pageErrors = [];

    private MeetingPage(IPage page, string name)
    {
        Page = page;
        Name = name;
        // Uncaught exceptions and unhandled rejections in the page's scripts: every test asserts there were none.
        page.PageError += (_, error) =>
        {
            lock (_pageErrors)
            {
                _pageErrors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    public string Name { get; }

    /// <param name="initScript">Runs in the page before its own scripts (e.g. to make getUserMedia fail as a browser would).</param>
    public static async Task<MeetingPage> JoinAsync(Browser.Chromium chromium, Uri server, string room, string name, string? initScript = null)
    {
        MeetingPage meeting = await OpenAsync(chromium, name, initScript);
        await global::Tests.Shared.TestMeetings.EnsureAsync(server, room);
        await meeting.Page.GotoAsync(new Uri(server, $"/m/{room}?name={name}").ToString());
        return meeting;
    }

    /// <summary>A new page that collects its script errors, not navigated yet (for tests that open odd links).</summary>
    public static async Task<MeetingPage> OpenAsync(Browser.Chromium chromium, string name, string? initScript = null)
    {
        IPage page = await chromium.Context.NewPageAsync();
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }

        return new MeetingPage(page, name);
    }

    /// <summary>Fails when any of the pages had an uncaught script error (also pages closed since).</summary>
    public static void AssertNoPageErrors(params MeetingPage[] pages)
    {
        List<string> errors = [];
        foreach (MeetingPage page in pages)
        {
            lock (page._pageErrors)
            {
                errors.AddRange(page._pageErrors.Select(error => $"{page.Name}: {error}"));
            }
        }

        Assert.True(errors.Count == 0, "Uncaught errors in the pages:\n" + string.Join("\n", errors));
    }

    /// <summary>Closes the page the way a person closes the tab (pagehide runs; the page may not stop it).</summary>
    public Task CloseTabAsync() => Page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });

    /// <summary>Waits for a page condition; on failure the error carries what the page showed, for a readable CI log.</summary>
    private async Task WaitAsync(string expression, object? arg, PageWaitForFunctionOptions options)
    {
        try
        {
            await PagePolling.UntilAsync(Page, expression, arg, TimeSpan.FromMilliseconds(options.Timeout ?? 30_000), TimeSpan.FromMilliseconds(options.PollingInterval ?? 200));
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            string state = await Page.EvaluateAsync<string>(
                """
                async () => JSON.stringify({
                  participantId: window.sfuDebug?.participantId ?? null,
                  hasPeerConnection: !!window.sfuDebug?.pc,
                  connection: window.sfuDebug?.pc?.connectionState ?? null,
                  ice: window.sfuDebug?.pc ? `${window.sfuDebug.pc.iceConnectionState}/${window.sfuDebug.pc.iceGatheringState}` : null,
                  signaling: document.body.dataset.signalingState ?? null,
                  ended: document.getElementById('ended')?.hidden === false ? document.getElementById('ended-reason').textContent : null,
                  namePrompt: document.getElementById('name-prompt')?.hidden === false ? document.getElementById('name-error')?.textContent ?? '' : null,
                  chatError: document.getElementById('chat-error')?.textContent || null,
                  url: location.href,
                  notices: [...document.querySelectorAll('#notices .notice')].map(n => n.textContent),
                  tiles: [...document.querySelectorAll('.tile')].map(t => `${t.dataset.participantId}/${t.dataset.source}`),
                  videos: [...document.querySelectorAll('.tile[data-local="false"] video')].map(v =>
                    `${v.closest('.tile').dataset.participantId}:${v.videoWidth}x${v.videoHeight}@${v.currentTime.toFixed(2)}`),
                  inbound: window.sfuDebug?.pc ? [...(await window.sfuDebug.pc.getStats()).values()]
                    .filter(r => r.type === 'inbound-rtp' && r.kind === 'video')
                    .map(r => `mid ${r.mid}: ${r.packetsReceived} packets, ${r.framesDecoded} frames (${r.keyFramesDecoded} key), ${r.frameWidth ?? 0}px, ${r.pliCount} PLI`) : null,
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

    /// <summary>
    /// Waits until the page's RTCPeerConnection is connected and at least <paramref name="count"/> remote camera tiles show
    /// video that plays (time advanced since the previous poll), failing after <paramref name="timeoutMs"/>.
    /// </summary>
    public async Task WaitForConnectedWithVideosAsync(int count, int timeoutMs)
    {
        await WaitAsync(
            """
            (count) => {
              if (window.sfuDebug?.pc?.connectionState !== 'connected') return false;
              const seen = (window.__videoTimes ??= new WeakMap());
              let playing = 0;
              for (const video of document.querySelectorAll('.tile[data-local="false"][data-source="camera"] video')) {
                const before = seen.get(video);
                seen.set(video, video.currentTime);
                if (video.videoWidth > 0 && before !== undefined && video.currentTime > before) playing++;
              }
              return playing >= count;
            }
            """,
            count,
            new PageWaitForFunctionOptions { Timeout = Math.Max(1, timeoutMs), PollingInterval = 100 });
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

    /// <summary>
    /// Sends chat messages one at a time, each as soon as the previous one is confirmed (the input empties), until the
    /// server refuses one (the chat error shows); returns the refused message's text. Driven inside the page, so that
    /// the burst outruns the rate limit's refill even on a slow machine.
    /// </summary>
    public async Task<string> SendChatUntilRefusedAsync(int attempts)
    {
        string? refused = await Page.EvaluateAsync<string?>(
            """
            async ([prefix, attempts]) => {
              const input = document.getElementById('chat-input');
              const form = document.getElementById('chat-form');
              const error = document.getElementById('chat-error');
              for (let i = 0; i < attempts; i++) {
                const text = `${prefix} burst ${i}`;
                input.value = text;
                form.requestSubmit();
                const started = performance.now();
                while (input.value !== '' && error.hidden) {
                  if (performance.now() - started > 10000) return null;
                  await new Promise(r => setTimeout(r, 5));
                }
                if (!error.hidden) return text;
              }
              return null;
            }
            """,
            new object[] { Name, attempts });
        return refused ?? throw new InvalidOperationException($"{Name}: {attempts} chat messages in a row were neither all confirmed nor one refused");
    }

    public async Task WaitForChatAsync(string text)
    {
        await WaitAsync(
            "(text) => [...document.querySelectorAll('[data-chat-message]')].some(m => m.textContent.includes(text))",
            text,
            Wait);
    }

    /// <summary>Waits until the others' view of <paramref name="participantId"/>'s microphone is <paramref name="state"/> (on, muted, none).</summary>
    public async Task WaitForMicStateAsync(string participantId, string state)
    {
        await WaitAsync(
            "([id, state]) => document.querySelector(`.tile[data-participant-id=\"${id}\"][data-source=\"camera\"]`)?.dataset.mic === state",
            new[] { participantId, state },
            Wait);
    }

    /// <summary>The texts of the notices on the page now.</summary>
    public Task<string[]> NoticesAsync() =>
        Page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#notices .notice span')].map(n => n.textContent)");

    /// <summary>Waits until an arbitrary page condition holds (reporting the page state on a timeout).</summary>
    public Task WaitForAsync(string expression, object? arg = null) => WaitAsync(expression, arg, Wait);

    public async Task WaitForMutedTileAsync(string participantId)
    {
        await WaitAsync(
            "(id) => document.querySelector(`.tile[data-participant-id=\"${id}\"][data-source=\"camera\"]`)?.dataset.muted === 'true'",
            participantId,
            Wait);
    }
}
