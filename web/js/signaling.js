import { api, guestKey } from './auth.js';

// The WebSocket signaling client: join (and resume after a drop), request ids, keepalive pings,
// reconnect with exponential backoff. Emits one DOM event per server message type
// ("joined", "offer", "chat", ...) with the message as event.detail, "state" on state changes, "failure" for a
// join attempt that will be retried and "refused" for a join token refused for good (bad name or room code).

const PING_INTERVAL_MS = 10_000;
const SILENCE_LIMIT_MS = 30_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 10_000;

/**
 * A join token the server refused for good (HTTP 4xx: a bad name or room code): asking again with the same name and
 * room gets the same answer, so the page must change them rather than retry.
 */
export class JoinRefusedError extends Error {
  constructor(message, { status, field }) {
    super(message);
    this.name = 'JoinRefusedError';
    this.status = status;
    this.field = field ?? null;
  }
}

/**
 * Asks the meetings API for a meeting token (POST /api/meetings/{code}/join): as the signed-in user when there is one,
 * otherwise as a guest with this browser's guest key. Resolves {token, role, participantId}. Throws JoinRefusedError
 * for a permanent refusal (4xx other than 408 and 429: unknown code, ended, locked, removed, sign-in needed, bad name)
 * and a plain Error for what may pass (network errors, 5xx, 408, 429), which is retried.
 */
export async function fetchJoinToken(room, name) {
  const result = await api(`/api/meetings/${encodeURIComponent(room)}/join`, {
    method: 'POST',
    body: { displayName: name, guestKey: guestKey() },
  });
  if (!result.ok) {
    const transient = result.status >= 500 || result.status === 408 || result.status === 429;
    if (!transient && result.status >= 400) {
      const field = result.field === 'displayName' ? 'name' : result.status === 404 ? 'room' : result.field;
      throw new JoinRefusedError(result.message, { status: result.status, field });
    }
    throw new Error(result.message);
  }
  if (typeof result.body?.token !== 'string') {
    throw new Error('the join response had no token');
  }
  return result.body;
}

/** Signaling errors after which joining again cannot work: the page explains them instead of retrying. */
const FINAL_JOIN_ERRORS = new Set(['meeting_ended', 'meeting_locked', 'participant_removed']);

export class SignalingClient extends EventTarget {
  /**
   * @param {{room: string, name: string, url?: string}} options
   */
  constructor({ room, name, url }) {
    super();
    this.room = room;
    this.role = null; // 'host' or 'guest', from the meetings API's join answer
    this.name = name;
    this.url = url || `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
    this.state = 'idle'; // idle | connecting | open | reconnecting | closed
    this.participantId = null;
    this.resumeToken = null;
    this.socket = null;
    this.attempt = 0;
    this.nextRequestId = 1;
    this.stopped = false;
    this.pingTimer = null;
    this.lastHeard = 0;
    this.reconnectTimer = null;
  }

  get isOpen() {
    return this.state === 'open' && this.socket?.readyState === WebSocket.OPEN;
  }

  /**
   * Opens the socket and joins; reconnects on its own until leave(), a server leave, or a permanent refusal of the
   * join token ("refused" event; call start() again after changing `name`).
   */
  start() {
    this.stopped = false;
    this.attempt = 0;
    this.#connect();
  }

  /** Sends a message; returns its request id, or null when the socket is not open. */
  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return null;
    }
    const id = message.id ?? `r${this.nextRequestId++}`;
    this.socket.send(JSON.stringify({ ...message, id }));
    return id;
  }

  /** Leaves the meeting for good: tells the server, closes, stops reconnecting. */
  leave() {
    if (this.isOpen) {
      this.send({ type: 'leave' });
    }
    this.#stop('closed');
  }

  /** Forgets the resume token, so the next join starts a fresh participant (new media session). */
  forgetSession() {
    this.resumeToken = null;
    this.participantId = null;
  }

  /** Leaves as this participant and joins again as a new one (a new media session). */
  rejoin() {
    if (this.isOpen) {
      this.send({ type: 'leave' });
    }
    this.forgetSession();
    this.restart();
  }

  /** Drops the current socket and reconnects (used after a server-side "transportClosed"). */
  restart() {
    this.#stop('reconnecting');
    this.stopped = false;
    this.#scheduleReconnect();
  }

  async #connect() {
    clearTimeout(this.reconnectTimer);
    this.#setState(this.attempt === 0 && !this.resumeToken ? 'connecting' : 'reconnecting');
    let token;
    try {
      const grant = await fetchJoinToken(this.room, this.name);
      token = grant.token;
      this.role = grant.role;
    } catch (error) {
      if (this.stopped) {
        return;
      }
      if (error instanceof JoinRefusedError) {
        // Retrying would be refused the same way: stop, and let the page ask for another name (or show the code is bad).
        this.#stop('closed');
        this.#emit('refused', { message: error.message, field: error.field, status: error.status });
        return;
      }
      this.#emit('failure', { message: error.message });
      this.#scheduleReconnect();
      return;
    }
    if (this.stopped) {
      return;
    }

    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.lastHeard = Date.now();
      const join = { type: 'join', token };
      if (this.resumeToken) {
        join.resumeToken = this.resumeToken;
      }
      this.send(join);
      this.#startPings();
    };
    socket.onmessage = (event) => this.#onMessage(socket, event);
    socket.onclose = () => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.#stopPings();
      if (!this.stopped) {
        this.#scheduleReconnect();
      }
    };
    socket.onerror = () => {
      // onclose follows and handles the reconnect.
    };
  }

  #onMessage(socket, event) {
    if (this.socket !== socket) {
      return;
    }
    this.lastHeard = Date.now();
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object' || typeof message.type !== 'string') {
      return; // valid JSON but not a message (null, a number, an array, no type): nothing to dispatch
    }

    if (message.type === 'joined') {
      this.participantId = message.participantId;
      this.resumeToken = message.resumeToken;
      this.attempt = 0;
      this.#setState('open');
    } else if (message.type === 'leave') {
      // Server-initiated: kicked, meeting ended, replaced, transport closed. No automatic resume.
      this.#stop('closed');
    } else if (message.type === 'error' && FINAL_JOIN_ERRORS.has(message.code)) {
      this.#stop('closed');
      this.#emit('refused', { message: message.message, code: message.code, status: 0, field: null });
      return;
    } else if (message.type === 'error' && message.code === 'unauthorized') {
      // A stale resume token without a valid meeting token: start over as a new participant.
      this.forgetSession();
    }
    this.#emit(message.type, message);
  }

  #scheduleReconnect() {
    if (this.stopped) {
      return;
    }
    this.#setState('reconnecting');
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  #startPings() {
    this.#stopPings();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        // The server went silent (no pong): treat the socket as dead and reconnect.
        this.socket?.close(4000, 'silent');
        return;
      }
      this.send({ type: 'ping' });
    }, PING_INTERVAL_MS);
  }

  #stopPings() {
    clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  #stop(state) {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.#stopPings();
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= WebSocket.OPEN) {
      socket.close(1000, 'bye');
    }
    this.#setState(state);
  }

  #setState(state) {
    if (this.state !== state) {
      this.state = state;
      this.#emit('state', { state });
    }
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
