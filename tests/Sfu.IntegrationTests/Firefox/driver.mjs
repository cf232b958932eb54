// Drives one headless Firefox for the C# tests (FirefoxBrowser.cs) over WebDriver BiDi with puppeteer-core: no
// geckodriver, no Firefox build of Playwright's. It speaks JSON lines: one request per stdin line
// {"id":1,"cmd":"launch"|"newPage"|"addInitScript"|"goto"|"evaluate"|"closePage"|"close", ...}, one reply per stdout line
// {"id":1,"ok":true,"result":...} or {"id":1,"ok":false,"error":"..."}, and events without an id
// {"event":"pageerror","page":2,"message":"..."}. stdout carries nothing else; diagnostics go to stderr.
import { createInterface } from 'node:readline';
import puppeteer from 'puppeteer-core';

let browser = null;
const pages = new Map();
let nextPage = 1;

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function pageOf(request) {
  const page = pages.get(request.page);
  if (!page) throw new Error(`no page ${request.page}`);
  return page;
}

const commands = {
  async launch({ executablePath, prefs, args }) {
    if (browser) throw new Error('already launched');
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      args: args ?? [],
      extraPrefsFirefox: prefs ?? {},
      protocolTimeout: 120_000,
    });
    return browser.version ? await browser.version() : null;
  },

  async newPage() {
    const page = await browser.newPage();
    const id = nextPage++;
    pages.set(id, page);
    page.on('pageerror', error => send({ event: 'pageerror', page: id, message: String(error?.message ?? error) }));
    return id;
  },

  // Runs in every document the page loads, before the page's own scripts.
  async addInitScript(request) {
    await pageOf(request).evaluateOnNewDocument(request.script);
    return null;
  },

  async goto(request) {
    await pageOf(request).goto(request.url, { waitUntil: 'load', timeout: 120_000 });
    return null;
  },

  // The function's source is evaluated in the page and called with the argument; its (awaited) result comes back as
  // JSON text, so the C# side decides the type.
  async evaluate(request) {
    const expression = `(async () => JSON.stringify(await (${request.fn})(${JSON.stringify(request.arg ?? null)}) ?? null))()`;
    return await pageOf(request).evaluate(expression);
  },

  async closePage(request) {
    const page = pageOf(request);
    pages.delete(request.page);
    await page.close({ runBeforeUnload: !!request.runBeforeUnload });
    return null;
  },

  async close() {
    if (browser) await browser.close();
    browser = null;
    return null;
  },
};

async function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (error) {
    send({ id: null, ok: false, error: `not JSON: ${error.message}` });
    return;
  }

  const command = commands[request.cmd];
  if (!command) {
    send({ id: request.id, ok: false, error: `unknown command '${request.cmd}'` });
    return;
  }

  try {
    send({ id: request.id, ok: true, result: await command(request) });
  } catch (error) {
    send({ id: request.id, ok: false, error: String(error?.stack ?? error) });
  }
}

// One request at a time, in order: a page must exist before it is evaluated in, even when requests arrive together.
let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', line => {
  queue = queue.then(() => handle(line));
});

// The test process went away (stdin closed): do not leave a Firefox behind.
lines.on('close', async () => {
  try {
    await queue;
    if (browser) await browser.close();
  } finally {
    process.exit(0);
  }
});
