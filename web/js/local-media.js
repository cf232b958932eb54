// Our own media: the camera/microphone and screen-share tracks we publish, their tiles, and the
// mic/camera/screen buttons that mute them or start and stop sharing.
import { acquireScreen, cameraConstraints, microphoneConstraints } from './media.js';
import { showNotice } from './notices.js';
import { activeRidsOf, applyActiveLayers, fullResolutionIfSingleLayer } from './simulcast.js';

/**
 * The local tracks and their controls. What they are published over changes as the meeting reconnects, so
 * `session()` is asked each time for the current `{ signaling, peer, selfId, selfName }` (any may be null).
 */
export class LocalMedia {
  /**
   * @param {{
   *   grid: import('./grid.js').VideoGrid,
   *   participants: import('./participants.js').Participants,
   *   buttons: { mic: HTMLButtonElement, camera: HTMLButtonElement, screen: HTMLButtonElement },
   *   session: () => { signaling: object | null, peer: object | null, selfId: string | null, selfName: string },
   * }} deps
   */
  constructor({ grid, participants, buttons, session }) {
    this.grid = grid;
    this.participants = participants;
    this.buttons = buttons;
    this.session = session;
    this.tracks = new Map(); // trackId -> { track, stream, source, sender }
    this.screenStream = null;
  }

  get size() {
    return this.tracks.size;
  }

  /** The camera + microphone stream (one stream, one streamId) as local tracks. */
  adoptCamera(stream) {
    for (const track of stream.getTracks()) {
      this.tracks.set(track.id, { track, stream, source: track.kind === 'audio' ? 'microphone' : 'camera', sender: null });
    }
  }

  wireButtons() {
    this.buttons.mic.addEventListener('click', () => this.toggle('microphone'));
    this.buttons.camera.addEventListener('click', () => this.toggle('camera'));
    this.buttons.screen.addEventListener('click', () => (this.screenStream ? this.stopScreen() : this.startScreen()));
    this.refresh();
  }

  /** A new RTCPeerConnection (session().peer): fresh local tiles, and all our tracks announced and added to it. */
  publishToPeer() {
    const { peer, selfId, selfName } = this.session();
    // A new connection announces each track under its own id. On the previous one a switched device kept the id of the
    // track it replaced, because that connection's description (a=msid) still names the first track.
    this.tracks = new Map([...this.tracks.values()].map((local) => [local.track.id, local]));
    document.querySelectorAll('.tile[data-local="true"]').forEach((tile) => this.grid.removeTile(tile.dataset.participantId, tile.dataset.source));
    const selfTile = this.grid.ensureTile(selfId, 'camera', { name: selfName, local: true });
    for (const [trackId, local] of this.tracks) {
      if (local.source === 'screen') {
        this.grid.attachTrack(this.grid.ensureTile(selfId, 'screen', { name: selfName, local: true }), local.track);
      } else {
        this.grid.attachTrack(selfTile, local.track);
      }
      // Metadata first, so that subscribers can place the track the moment it arrives.
      this.sendPublish(trackId, local);
      // The camera goes out in three simulcast layers; microphone and screen in one.
      local.sender = local.source === 'camera' ? peer.addCameraTrack(local.track, local.stream) : peer.addTrack(local.track, local.stream);
      local.parameters = Promise.resolve(); // setParameters calls of one sender, one at a time
    }
    this.refresh();
  }

  /** A description exchange completed: a camera the server took in one layer only is sent at full resolution. */
  afterNegotiation() {
    for (const local of this.tracks.values()) {
      if (local.source === 'camera' && local.sender) {
        this.#updateParameters(local, () => fullResolutionIfSingleLayer(local.sender));
      }
    }
  }

  /**
   * Dynacast: the server's `layers` message names the simulcast layers of one of our tracks that someone watches;
   * the others stop being encoded. Messages about tracks we no longer send are ignored.
   */
  applyLayers(message) {
    const active = activeRidsOf(message);
    const local = active && this.tracks.get(message.trackId);
    if (!local?.sender) {
      return;
    }
    this.#updateParameters(local, () => applyActiveLayers(local.sender, active));
  }

  /** setParameters must follow its own getParameters: overlapping calls of one sender would refuse each other. */
  #updateParameters(local, change) {
    local.parameters = (local.parameters ?? Promise.resolve()).then(change).catch((error) => {
      console.warn(`cannot change the ${local.source} encodings:`, error?.message || error);
    });
  }

  /**
   * Moves the camera or microphone to another device during the meeting. The sender's track is replaced in place
   * (RTCRtpSender.replaceTrack): no renegotiation, the same SSRCs and simulcast encodings, so the others keep decoding
   * the same stream and see the new picture within a frame. The track stays announced under its first id (see
   * publishToPeer) and keeps its mute state. Without such a track yet (joined without one), it is published.
   * Rejects when the device cannot be opened; the current one then stays.
   * @param {'camera' | 'microphone'} source
   */
  async switchDevice(source, deviceId) {
    const kind = source === 'camera' ? 'video' : 'audio';
    const constraints = kind === 'video' ? cameraConstraints(deviceId, { exact: true }) : microphoneConstraints(deviceId, { exact: true });
    const [fresh] = (await navigator.mediaDevices.getUserMedia({ [kind]: constraints })).getTracks();
    const local = [...this.tracks.values()].find((l) => l.source === source);
    if (!local) {
      this.#publishNew(fresh, source);
      return;
    }
    fresh.enabled = local.track.enabled;
    try {
      await local.sender?.replaceTrack(fresh);
    } catch (error) {
      fresh.stop();
      throw error;
    }
    const previous = local.track;
    local.stream.removeTrack(previous);
    local.stream.addTrack(fresh);
    local.track = fresh;
    previous.stop();
    const { selfId, selfName } = this.session();
    if (selfId) {
      this.grid.attachTrack(this.grid.ensureTile(selfId, 'camera', { name: selfName, local: true }), fresh);
    }
    this.refresh();
  }

  /** A camera or microphone that was missing at join: announced and added like at join (an offer follows). */
  #publishNew(track, source) {
    const camera = [...this.tracks.values()].find((l) => l.source !== 'screen')?.stream ?? new MediaStream();
    camera.addTrack(track);
    const local = { track, stream: camera, source, sender: null, parameters: Promise.resolve() };
    this.tracks.set(track.id, local);
    const { peer, selfId, selfName } = this.session();
    if (peer && selfId) {
      this.grid.attachTrack(this.grid.ensureTile(selfId, 'camera', { name: selfName, local: true }), track);
      this.sendPublish(track.id, local);
      local.sender = source === 'camera' ? peer.addCameraTrack(track, camera) : peer.addTrack(track, camera);
    }
    this.refresh();
  }

  /** The device each camera or microphone track captures from now (for the device lists). */
  currentDeviceId(source) {
    return [...this.tracks.values()].find((l) => l.source === source)?.track.getSettings?.().deviceId ?? '';
  }

  /** Re-announces every track (after a resume, a publish may have been lost). */
  republish() {
    for (const [trackId, local] of this.tracks) {
      this.sendPublish(trackId, local);
    }
  }

  sendPublish(trackId, local) {
    this.session().signaling.send({
      type: 'publish',
      trackId,
      streamId: local.stream.id,
      kind: local.track.kind,
      source: local.source,
      muted: !local.track.enabled,
    });
  }

  /** Mute = track.enabled false (silence / black frames keep the m-line) plus a mute message so the server pauses forwarding. */
  toggle(source) {
    const { signaling } = this.session();
    for (const [trackId, local] of this.tracks) {
      if (local.source === source) {
        local.track.enabled = !local.track.enabled;
        signaling?.send({ type: 'mute', trackId, muted: !local.track.enabled });
      }
    }
    this.refresh();
  }

  async startScreen() {
    let stream;
    try {
      stream = await acquireScreen();
    } catch (error) {
      showNotice(error.message, { kind: 'media' });
      return;
    }
    const { peer, selfId, selfName } = this.session();
    if (!stream || !peer) {
      return;
    }
    this.screenStream = stream;
    const tile = this.grid.ensureTile(selfId, 'screen', { name: selfName, local: true });
    for (const track of stream.getTracks()) {
      const local = { track, stream, source: 'screen', sender: null };
      this.tracks.set(track.id, local);
      this.grid.attachTrack(tile, track);
      this.sendPublish(track.id, local);
      local.sender = peer.addTrack(track, stream);
      local.parameters = Promise.resolve();
      track.addEventListener('ended', () => this.stopScreen()); // the browser's own "Stop sharing"
    }
    this.refresh();
  }

  stopScreen() {
    if (!this.screenStream) {
      return;
    }
    const { signaling, peer, selfId } = this.session();
    for (const track of this.screenStream.getTracks()) {
      const local = this.tracks.get(track.id);
      this.tracks.delete(track.id);
      track.stop();
      signaling?.send({ type: 'unpublish', trackId: track.id });
      if (local?.sender) {
        peer?.removeTrack(local.sender);
      }
    }
    this.screenStream = null;
    this.grid.removeTile(selfId, 'screen');
    this.refresh();
  }

  /** Buttons, our participant-list entry and our tile, as the local tracks are now. */
  refresh() {
    const { selfId } = this.session();
    const mic = [...this.tracks.values()].find((l) => l.source === 'microphone');
    const cam = [...this.tracks.values()].find((l) => l.source === 'camera');
    setButton(this.buttons.mic, mic, mic && !mic.track.enabled, 'Unmute', 'Mute', 'No microphone');
    setButton(this.buttons.camera, cam, cam && !cam.track.enabled, 'Start camera', 'Stop camera', 'No camera');
    this.buttons.screen.textContent = this.screenStream ? 'Stop sharing' : 'Share screen';
    this.buttons.screen.setAttribute('aria-pressed', String(Boolean(this.screenStream)));
    const micState = !mic ? 'none' : mic.track.enabled ? 'on' : 'muted';
    this.participants.setSelfMic(micState);
    if (selfId) {
      this.grid.setMicState(selfId, micState);
      this.grid.setVideoMuted(selfId, 'camera', !cam || !cam.track.enabled);
    }
  }

  /** Leaving: every local track stopped and forgotten. */
  stopAll() {
    for (const local of this.tracks.values()) {
      local.track.stop();
    }
    this.tracks.clear();
    this.screenStream = null;
  }
}

function setButton(button, local, off, offLabel, onLabel, missingLabel) {
  button.disabled = !local;
  button.textContent = !local ? missingLabel : off ? offLabel : onLabel;
  button.setAttribute('aria-pressed', String(Boolean(off)));
  button.dataset.off = String(Boolean(!local || off));
}
