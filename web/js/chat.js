// The chat panel: renders server-stamped messages (text only, never HTML) and sends new ones. A sent message stays in
// the input until the server confirms it (its `chat` comes back); on an error reply the text is kept (or put back)
// and the reason is shown, so nothing typed is lost to a rate limit or a dropped socket.

export const MAX_CHAT_LENGTH = 2000;
const CONFIRM_TIMEOUT_MS = 10_000;

const ERROR_TEXT = {
  rate_limited: 'Slow down: too many messages in a row. Wait a moment and send again.',
  bad_request: null, // the server's message says what is wrong (e.g. too long)
};

export class ChatPanel {
  /**
   * @param {{list: HTMLElement, form: HTMLFormElement, input: HTMLInputElement, error: HTMLElement}} elements
   * @param {(text: string) => string | null} send returns the request id, or null when it could not be sent
   */
  constructor({ list, form, input, error }, send) {
    this.list = list;
    this.input = input;
    this.error = error;
    this.button = form.querySelector('button[type="submit"]');
    this.seen = new Set();
    this.pending = null; // { id, text, timer }: sent, not confirmed yet
    input.maxLength = MAX_CHAT_LENGTH;
    input.addEventListener('input', () => {
      if (!this.pending) {
        this.#showError('');
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.pending) {
        return; // one message in flight at a time: its answer decides what the input shows
      }
      const text = input.value.trim();
      if (!text) {
        return;
      }
      if (text.length > MAX_CHAT_LENGTH) {
        this.#showError(`The message is too long (${text.length} characters); at most ${MAX_CHAT_LENGTH}.`);
        return;
      }
      const id = send(text);
      if (id == null) {
        this.#showError('Not connected: the message was not sent.');
        return;
      }
      this.#showError('');
      this.pending = { id, text, timer: setTimeout(() => this.#unconfirmed(), CONFIRM_TIMEOUT_MS) };
      form.dataset.pending = 'true';
      this.button.disabled = true;
    });
  }

  /** A new participant (fresh join): server message ids may start over, so forget the ones seen. */
  resetSeen() {
    this.seen.clear();
  }

  /** Adds a `chat` message from the server; a resumed socket may deliver one we have, so ids are de-duplicated. */
  add(message, selfId) {
    if (message.participantId === selfId && this.pending && message.text === this.pending.text) {
      // Our message came back: it was accepted, so the input can let go of it (unless it was edited since).
      if (this.input.value.trim() === this.pending.text) {
        this.input.value = '';
      }
      this.#settle();
    }
    if (this.seen.has(message.id)) {
      return;
    }
    this.seen.add(message.id);

    const item = document.createElement('li');
    item.dataset.chatMessage = '';
    item.dataset.chatId = message.id;
    item.dataset.participantId = message.participantId;
    item.dataset.own = String(message.participantId === selfId);

    const meta = document.createElement('div');
    meta.className = 'meta';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = message.participantId === selfId ? 'You' : message.name;
    const when = document.createElement('time');
    when.dateTime = message.sentAt;
    when.textContent = new Date(message.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    meta.append(who, when);

    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = message.text;

    item.append(meta, text);
    const atBottom = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 8;
    this.list.append(item);
    if (atBottom || message.participantId === selfId) {
      this.list.scrollTop = this.list.scrollHeight;
    }
  }

  /** An `error` from the server: true when it answered our pending chat message (the text is kept, the reason shown). */
  handleError(error) {
    if (!this.pending || error.id == null || error.id !== this.pending.id) {
      return false;
    }
    const { text } = this.pending;
    this.#settle();
    if (!this.input.value.trim()) {
      this.input.value = text;
    }
    this.#showError(`Not sent: ${ERROR_TEXT[error.code] || error.message || error.code}`);
    this.input.focus();
    return true;
  }

  /** The socket went away with the message unconfirmed: keep the text for sending again. */
  connectionLost() {
    if (this.pending) {
      this.#unconfirmed();
    }
  }

  #unconfirmed() {
    const { text } = this.pending;
    this.#settle();
    if (!this.input.value.trim()) {
      this.input.value = text;
    }
    this.#showError('The server did not confirm the message; it may not have been sent. Send it again?');
  }

  #settle() {
    clearTimeout(this.pending?.timer);
    this.pending = null;
    delete this.input.form.dataset.pending;
    this.button.disabled = false;
  }

  #showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }
}
