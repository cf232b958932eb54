// The host's controls in the meeting: lock or unlock, end the meeting for everyone, and remove a participant (who is
// kicked and cannot join this meeting again). Shown only when the meetings API made this participant the host.
import { api } from './auth.js';
import { showNotice } from './notices.js';

export class HostControls {
  /**
   * @param {{panel: HTMLElement, list: HTMLElement, lock: HTMLButtonElement, end: HTMLButtonElement}} elements
   * @param {string} room the meeting code
   */
  constructor({ panel, list, lock, end }, room) {
    this.panel = panel;
    this.list = list;
    this.lockButton = lock;
    this.endButton = end;
    this.room = room;
    this.locked = false;
    this.people = new Map(); // participant id -> name (everyone but me)
    this.lockButton.addEventListener('click', () => this.#toggleLock());
    this.endButton.addEventListener('click', () => this.#end());
  }

  /** Follows the signaling client: who is in the room (to offer "Remove"), and whether I am the host. */
  attach(signaling) {
    signaling.addEventListener('joined', ({ detail }) => {
      this.panel.hidden = signaling.role !== 'host';
      this.people.clear();
      for (const p of detail.participants) {
        this.people.set(p.id, p.name);
      }
      this.#render();
    });
    signaling.addEventListener('participantJoined', ({ detail }) => {
      this.people.set(detail.participantId, detail.name);
      this.#render();
    });
    signaling.addEventListener('participantLeft', ({ detail }) => {
      this.people.delete(detail.participantId);
      this.#render();
    });
  }

  #render() {
    this.list.replaceChildren();
    for (const [id, name] of this.people) {
      const item = document.createElement('li');
      item.dataset.participantId = id;
      const label = document.createElement('span');
      label.textContent = name;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'danger small';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove ${name}`);
      remove.addEventListener('click', () => this.#remove(id, name));
      item.append(label, remove);
      this.list.append(item);
    }
  }

  async #remove(id, name) {
    const result = await api(`/api/meetings/${this.room}/participants/${encodeURIComponent(id)}/remove`, { method: 'POST' });
    if (!result.ok) {
      showNotice(`Could not remove ${name}: ${result.message}`, { kind: 'error' });
    }
  }

  async #toggleLock() {
    const result = await api(`/api/meetings/${this.room}/${this.locked ? 'unlock' : 'lock'}`, { method: 'POST' });
    if (!result.ok) {
      showNotice(`Could not change the lock: ${result.message}`, { kind: 'error' });
      return;
    }
    this.locked = result.body.locked;
    this.lockButton.textContent = this.locked ? 'Unlock meeting' : 'Lock meeting';
    this.lockButton.setAttribute('aria-pressed', String(this.locked));
  }

  async #end() {
    const result = await api(`/api/meetings/${this.room}/end`, { method: 'POST' });
    if (!result.ok) {
      showNotice(`Could not end the meeting: ${result.message}`, { kind: 'error' });
    }
    // Everyone, this page included, gets leave {reason: "meetingEnded"} from the server.
  }
}
