// The chat panel: renders server-stamped messages (text only, never HTML) and sends new ones.

export class ChatPanel {
  /**
   * @param {{list: HTMLElement, form: HTMLFormElement, input: HTMLInputElement}} elements
   * @param {(text: string) => boolean} send returns false when it could not be sent
   */
  constructor({ list, form, input }, send) {
    this.list = list;
    this.input = input;
    this.seen = new Set();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text && send(text)) {
        input.value = '';
      }
    });
  }

  /** A new participant (fresh join): server message ids may start over, so forget the ones seen. */
  resetSeen() {
    this.seen.clear();
  }

  /** Adds a `chat` message from the server; a resumed socket may deliver one we have, so ids are de-duplicated. */
  add(message, selfId) {
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
}
