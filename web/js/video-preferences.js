// Tells the server how each remote video is shown, so that it forwards the simulcast layer that fits the tile and
// nothing for video nobody sees:
//   {"type":"videoPreferences","tracks":[{"participantId","trackId","width","height","visible","pinned"}]}
// The message replaces the whole previous set. width/height are the rendered size in device pixels (CSS px x
// devicePixelRatio) of the picture inside the tile (object-fit: contain leaves bars around it). A track is not visible
// when its tile is on another page, scrolled off-screen, or the tab is hidden. Changes are sent at most every 250 ms.

const DEBOUNCE_MS = 250;

export class VideoPreferences {
  /**
   * @param {{
   *   grid: import('./grid.js').VideoGrid,
   *   participants: import('./participants.js').Participants,
   *   send: (message: object) => string | null,
   * }} deps send returns null when the message could not be sent (socket closed)
   */
  constructor({ grid, participants, send }) {
    this.grid = grid;
    this.participants = participants;
    this.send = send;
    this.timer = null;
    this.lastSent = null; // JSON of the last message the server got
    this.sentIds = []; // request ids of the last few messages, to recognise the server's errors about them
    this.onScreen = new WeakMap(); // tile -> whether IntersectionObserver last saw it in the viewport
    this.observed = new WeakSet();
    this.resizes = new ResizeObserver(() => this.schedule());
    this.intersections = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        this.onScreen.set(entry.target, entry.isIntersecting);
      }
      this.schedule();
    });
  }

  /** Watches the tab's visibility and every tile (new tiles as they come). */
  wire() {
    document.addEventListener('visibilitychange', () => this.schedule());
    this.grid.addEventListener('tiles', () => {
      this.#observeTiles();
      this.schedule();
    });
    this.#observeTiles();
  }

  /** Something that changes what is seen: sends the new set after the debounce (once for a burst of changes). */
  schedule() {
    if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, DEBOUNCE_MS);
    }
  }

  /**
   * Sends the current set now, without the debounce: a pin is one deliberate act whose tile wants a layer the publisher
   * may have paused, and every millisecond before the server hears of it is a millisecond of the old picture.
   */
  sendNow() {
    clearTimeout(this.timer);
    this.timer = null;
    this.flush();
  }

  /** A new socket or a new media session: the server has forgotten the set, so the next one is sent even if equal. */
  resend() {
    this.lastSent = null;
    this.schedule();
  }

  /** Sends the current set now, unless the server has it already. */
  flush() {
    const message = { type: 'videoPreferences', tracks: this.collect() };
    const json = JSON.stringify(message);
    if (json === this.lastSent) {
      return;
    }
    const id = this.send(message);
    if (id !== null) {
      this.lastSent = json;
      this.sentIds = [...this.sentIds.slice(-7), id];
    }
  }

  /**
   * A server error about one of our messages: true when handled here. A server without adaptive video (unknown_type)
   * forwards everything anyway, so that is only logged, never shown to the person in the meeting.
   */
  handleError(error) {
    if (error.id == null || !this.sentIds.includes(error.id)) {
      return false;
    }
    console.warn(`videoPreferences refused (${error.code}): ${error.message}`);
    return true;
  }

  /** One entry per remote video track the participants have published, shown or not. */
  collect() {
    const tracks = [];
    const tabVisible = document.visibilityState !== 'hidden';
    for (const person of this.participants.people.values()) {
      for (const meta of person.tracks.values()) {
        if (meta.kind !== 'video') {
          continue;
        }
        const tile = this.grid.tile(person.id, meta.source === 'screen' ? 'screen' : 'camera');
        const { width, height } = tile ? renderedSize(tile) : { width: 0, height: 0 };
        const visible = Boolean(tile) && tabVisible && !tile.hidden && this.onScreen.get(tile) !== false && width > 0 && height > 0;
        tracks.push({
          participantId: person.id,
          trackId: meta.trackId,
          width: visible ? width : 0,
          height: visible ? height : 0,
          visible,
          pinned: tile?.dataset.pinned === 'true',
        });
      }
    }
    return tracks;
  }

  #observeTiles() {
    for (const tile of this.grid.tiles.values()) {
      if (!this.observed.has(tile) && tile.dataset.local !== 'true') {
        this.observed.add(tile);
        this.resizes.observe(tile);
        this.intersections.observe(tile);
        tile.querySelector('video').addEventListener('resize', () => this.schedule()); // the picture's aspect may change
      }
    }
  }
}

/**
 * The picture's size in device pixels: the video box, less the bars that object-fit: contain leaves when the video's
 * aspect differs from the box's (before the first frame the picture is taken as 16:9).
 */
export function renderedSize(tile) {
  const video = tile.querySelector('video');
  const box = video.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) {
    return { width: 0, height: 0 };
  }
  const aspect = video.videoWidth > 0 && video.videoHeight > 0 ? video.videoWidth / video.videoHeight : 16 / 9;
  const width = Math.min(box.width, box.height * aspect);
  const height = width / aspect;
  const scale = window.devicePixelRatio || 1;
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}
