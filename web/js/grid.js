// The video tiles: one per participant (camera + microphone) plus one per screen share. Where each tile goes (view,
// pin, page) is TileLayout's job; the grid announces "tiles" whenever a tile comes or goes, and "pin" when a tile's
// pin button is pressed.

const MIC_LABELS = { on: 'Microphone on', muted: 'Microphone muted', none: 'No microphone' };
const PAUSED_TEXT = { bandwidth: 'Video paused (low bandwidth)', hidden: 'Video paused (not shown)' };

export class VideoGrid extends EventTarget {
  #trackListeners = new WeakMap(); // tile -> Map(track -> AbortController of its listeners): what each tile plays

  /** @param {HTMLElement} container */
  constructor(container) {
    super();
    this.container = container;
    this.tiles = new Map(); // key `${participantId}:${group}` -> tile element
  }

  /** The key of a tile in `tiles`. */
  static keyOf(tile) {
    return `${tile.dataset.participantId}:${tile.dataset.source}`;
  }

  /**
   * Creates (or returns) the tile of a participant's group ("camera" or "screen").
   * @returns {HTMLElement}
   */
  ensureTile(participantId, group, { name, local = false }) {
    const key = `${participantId}:${group}`;
    let tile = this.tiles.get(key);
    if (tile) {
      return tile;
    }

    tile = document.createElement('div');
    tile.className = 'tile';
    tile.dataset.participantId = participantId;
    tile.dataset.source = group;
    tile.dataset.local = String(local);
    tile.dataset.muted = 'true';
    tile.dataset.mic = 'none'; // until the participant's microphone track is known
    tile.dataset.videoOff = 'true';

    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = local; // never play our own microphone back
    video.srcObject = new MediaStream();
    tile.append(video);

    const avatar = document.createElement('div');
    avatar.className = 'avatar';
    tile.append(avatar);

    const label = document.createElement('div');
    label.className = 'label';
    const mic = document.createElement('span');
    mic.className = 'mic';
    mic.setAttribute('role', 'img');
    mic.title = MIC_LABELS.none;
    mic.setAttribute('aria-label', MIC_LABELS.none);
    const nameSpan = document.createElement('span');
    nameSpan.className = 'name';
    label.append(mic, nameSpan);
    tile.append(label);

    // Shown instead of a frozen last frame while the server forwards no video for this tile.
    const paused = document.createElement('div');
    paused.className = 'paused';
    paused.setAttribute('role', 'status');
    tile.append(paused);

    const pin = document.createElement('button');
    pin.type = 'button';
    pin.className = 'pin';
    pin.textContent = 'Pin';
    pin.setAttribute('aria-pressed', 'false');
    pin.addEventListener('click', (event) => {
      event.stopPropagation();
      this.dispatchEvent(new CustomEvent('pin', { detail: { key } }));
    });
    tile.append(pin);

    this.tiles.set(key, tile);
    this.#setName(tile, group === 'screen' ? `${name} (screen)` : name, local);
    this.container.append(tile);
    this.#changed();
    return tile;
  }

  /**
   * The server paused (or resumed) forwarding this tile's video: the tile shows why instead of the last frame.
   * @param {'bandwidth' | 'hidden' | string} reason
   */
  setVideoPaused(participantId, group, paused, reason) {
    const tile = this.tile(participantId, group);
    if (!tile) {
      return;
    }
    if (paused) {
      tile.dataset.paused = String(reason || 'true');
      tile.querySelector('.paused').textContent = PAUSED_TEXT[reason] || 'Video paused';
    } else {
      delete tile.dataset.paused;
      tile.querySelector('.paused').textContent = '';
    }
  }

  /** Marks the pinned tile (at most one; undefined for none). */
  setPinned(key) {
    for (const [tileKey, tile] of this.tiles) {
      const pinned = tileKey === key;
      tile.dataset.pinned = String(pinned);
      const button = tile.querySelector('.pin');
      button.setAttribute('aria-pressed', String(pinned));
      button.textContent = pinned ? 'Unpin' : 'Pin';
    }
  }

  tile(participantId, group) {
    return this.tiles.get(`${participantId}:${group}`);
  }

  /** True while the tile is on the page (a removed tile takes no tracks and detaching from it does nothing). */
  isLive(tile) {
    return Boolean(tile) && this.tiles.get(`${tile.dataset.participantId}:${tile.dataset.source}`) === tile;
  }

  /** The remote tile that plays `track` (a remote track plays in at most one tile), or undefined. */
  remoteTileOf(track) {
    for (const tile of this.tiles.values()) {
      if (tile.dataset.local !== 'true' && this.#tracksOf(tile).has(track)) {
        return tile;
      }
    }
    return undefined;
  }

  /** Puts a track into a tile's stream (replacing any track of the same kind) and plays it. */
  attachTrack(tile, track) {
    if (!this.isLive(tile)) {
      return;
    }
    const video = tile.querySelector('video');
    const stream = video.srcObject;
    for (const existing of stream.getTracks()) {
      if (existing.kind === track.kind && existing !== track) {
        this.#forget(tile, existing);
        stream.removeTrack(existing);
      }
    }
    const tracks = this.#tracksOf(tile);
    if (!tracks.has(track)) {
      // One set of listeners per track and tile, dropped when the track leaves the tile or the tile goes.
      const listeners = new AbortController();
      tracks.set(track, listeners);
      const { signal } = listeners;
      track.addEventListener('ended', () => this.detachTrack(tile, track), { signal });
      track.addEventListener('mute', () => this.#refreshVideoState(tile), { signal });
      track.addEventListener('unmute', () => this.#refreshVideoState(tile), { signal });
    }
    if (!stream.getTracks().includes(track)) {
      stream.addTrack(track);
    }
    this.#refreshVideoState(tile);
    if (video.paused) {
      video.play().catch((error) => {
        // AbortError only means a newer load superseded this play(); NotAllowedError is the autoplay policy.
        if (error?.name === 'NotAllowedError') {
          this.#needsGesture(tile);
        }
      });
    }
  }

  /** Takes a track out of a tile; a screen tile left without tracks goes away. Nothing happens if it is not there. */
  detachTrack(tile, track) {
    if (!this.isLive(tile) || !this.#tracksOf(tile).has(track)) {
      return;
    }
    this.#forget(tile, track);
    const video = tile.querySelector('video');
    video.srcObject.removeTrack(track);
    this.#refreshVideoState(tile);
    if (tile.dataset.source === 'screen' && video.srcObject.getTracks().length === 0) {
      this.removeTile(tile.dataset.participantId, 'screen');
    }
  }

  /** Empties a tile (a new RTCPeerConnection brings new remote tracks). */
  clearTracks(tile) {
    if (!this.isLive(tile)) {
      return;
    }
    for (const track of [...this.#tracksOf(tile).keys()]) {
      this.#forget(tile, track);
    }
    tile.querySelector('video').srcObject = new MediaStream();
    this.#refreshVideoState(tile);
  }

  /**
   * The microphone badge of a participant's camera tile.
   * @param {'on' | 'muted' | 'none'} state none: the participant has no microphone (shown crossed out, like muted)
   */
  setMicState(participantId, state) {
    const tile = this.tile(participantId, 'camera');
    if (tile) {
      tile.dataset.mic = state;
      tile.dataset.muted = String(state !== 'on');
      const mic = tile.querySelector('.label .mic');
      mic.title = MIC_LABELS[state];
      mic.setAttribute('aria-label', MIC_LABELS[state]);
    }
  }

  setVideoMuted(participantId, group, muted) {
    const tile = this.tile(participantId, group);
    if (tile) {
      tile.dataset.videoMuted = String(muted);
      this.#refreshVideoState(tile);
    }
  }

  setActiveSpeaker(participantId) {
    for (const tile of this.tiles.values()) {
      tile.dataset.activeSpeaker = String(tile.dataset.participantId === participantId && tile.dataset.source === 'camera');
    }
  }

  removeParticipant(participantId) {
    for (const group of ['camera', 'screen']) {
      this.removeTile(participantId, group);
    }
  }

  removeTile(participantId, group) {
    const key = `${participantId}:${group}`;
    const tile = this.tiles.get(key);
    if (!tile) {
      return;
    }
    for (const track of [...this.#tracksOf(tile).keys()]) {
      this.#forget(tile, track);
    }
    const video = tile.querySelector('video');
    video.pause();
    video.srcObject = null;
    tile.remove();
    this.tiles.delete(key);
    this.#changed();
  }

  /** Remote tiles, for tests and diagnostics. */
  remoteTiles() {
    return [...this.tiles.values()]
      .filter((tile) => tile.dataset.local !== 'true')
      .map((tile) => {
        const video = tile.querySelector('video');
        const tracks = video.srcObject ? video.srcObject.getTracks() : [];
        return {
          participantId: tile.dataset.participantId,
          source: tile.dataset.source,
          name: tile.querySelector('.name').textContent,
          muted: tile.dataset.muted === 'true',
          mic: tile.dataset.mic,
          videoMuted: tile.dataset.videoMuted === 'true',
          paused: tile.dataset.paused ?? null,
          pinned: tile.dataset.pinned === 'true',
          shown: !tile.hidden,
          hasAudio: tracks.some((t) => t.kind === 'audio'),
          hasVideo: tracks.some((t) => t.kind === 'video'),
          videoWidth: video.videoWidth,
          currentTime: video.currentTime,
          element: tile,
        };
      });
  }

  #tracksOf(tile) {
    let tracks = this.#trackListeners.get(tile);
    if (!tracks) {
      tracks = new Map();
      this.#trackListeners.set(tile, tracks);
    }
    return tracks;
  }

  #forget(tile, track) {
    const tracks = this.#tracksOf(tile);
    tracks.get(track)?.abort();
    tracks.delete(track);
  }

  #setName(tile, name, local) {
    tile.querySelector('.name').textContent = local ? `${name} (you)` : name;
    tile.querySelector('.avatar').textContent = (name.trim()[0] || '?').toUpperCase();
  }

  #refreshVideoState(tile) {
    const video = tile.querySelector('video');
    const track = video.srcObject?.getVideoTracks()[0];
    const off = !track || track.readyState === 'ended' || tile.dataset.videoMuted === 'true' || (tile.dataset.local === 'true' && !track.enabled);
    tile.dataset.videoOff = String(off);
  }

  #needsGesture(tile) {
    // Autoplay with sound was blocked: one click anywhere starts every tile.
    tile.dataset.blocked = 'true';
    const resume = () => {
      for (const t of this.tiles.values()) {
        t.querySelector('video').play().then(() => delete t.dataset.blocked).catch(() => {});
      }
    };
    document.addEventListener('click', resume, { once: true });
  }

  #changed() {
    this.container.dataset.count = String(this.tiles.size);
    this.dispatchEvent(new CustomEvent('tiles'));
  }
}
