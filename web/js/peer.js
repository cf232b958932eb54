// One RTCPeerConnection to the SFU, negotiated with the "perfect negotiation" pattern.
// The browser is the POLITE peer: a server offer that collides with our own pending offer wins
// (setRemoteDescription rolls our offer back implicitly), and we offer again afterwards. The server
// is impolite: it answers our colliding offer with error "glare", after which we retry once stable.
// ICE that has not connected a few seconds after a description was applied is restarted (a new offer with new
// credentials), which the server accepts like any re-offer.
import { IceWatchdog } from './ice-watchdog.js';
import { addSimulcastCamera } from './simulcast.js';

export class PeerSession extends EventTarget {
  /**
   * @param {import('./signaling.js').SignalingClient} signaling
   * @param {RTCIceServer[]} iceServers
   */
  constructor(signaling, iceServers) {
    super();
    this.signaling = signaling;
    this.pc = new RTCPeerConnection({ iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.makingOffer = false;
    this.pendingOfferId = null;
    this.offerAgain = false; // a glare or a missed negotiation waits for the next stable state
    this.closed = false;
    this.glareCount = 0; // consecutive glares, for the retry backoff
    this.retryTimer = null;
    this.queue = Promise.resolve();
    this.iceRestarts = 0;
    this.watchdog = new IceWatchdog(this.pc, () => this.#restartIce());

    this.pc.onnegotiationneeded = () => this.#enqueue(() => this.#offer());
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) {
        this.signaling.send({ type: 'candidate', candidate: candidate.toJSON() });
      }
    };
    this.pc.onsignalingstatechange = () => this.#retryIfStable();
    this.pc.ontrack = (event) => this.#emit('track', event);
    this.pc.onconnectionstatechange = () => this.#emit('connectionstate', { state: this.pc.connectionState });
  }

  get connectionState() {
    return this.pc.connectionState;
  }

  /** Adds a local track to the connection (negotiationneeded follows). */
  addTrack(track, stream) {
    return this.pc.addTrack(track, stream);
  }

  /** Adds the camera track with simulcast encodings when the browser takes them; otherwise like addTrack. */
  addCameraTrack(track, stream) {
    return addSimulcastCamera(this.pc, track, stream) ?? this.pc.addTrack(track, stream);
  }

  removeTrack(sender) {
    if (!this.closed) {
      this.pc.removeTrack(sender);
    }
  }

  /** The server's offer: answer it, rolling back our own pending offer if we have one. */
  handleServerOffer(sdp) {
    this.#enqueue(async () => {
      const collided = this.pc.signalingState === 'have-local-offer';
      try {
        await this.pc.setRemoteDescription({ type: 'offer', sdp }); // implicit rollback when collided
      } catch (error) {
        // The server keeps this offer pending until it is answered, and refuses our offers meanwhile:
        // nothing in this connection can make progress, so the page starts over with a new one.
        this.#emit('failed', { message: `cannot apply the server's offer: ${error.message}` });
        throw error;
      }
      await this.pc.setLocalDescription();
      this.signaling.send({ type: 'answer', sdp: this.pc.localDescription.sdp });
      this.watchdog.arm();
      this.#emit('negotiated', {});
      if (collided) {
        this.pendingOfferId = null;
        this.offerAgain = true;
        this.#retryIfStable();
      }
    });
  }

  /** The server's answer to our offer. An answer to an offer we rolled back is stale and ignored. */
  handleAnswer(sdp) {
    this.#enqueue(async () => {
      if (this.pc.signalingState !== 'have-local-offer') {
        return;
      }
      try {
        await this.pc.setRemoteDescription({ type: 'answer', sdp });
      } catch (error) {
        // The server applied our offer but we cannot apply its answer: the two sides disagree for good.
        this.#emit('failed', { message: `cannot apply the server's answer: ${error.message}` });
        throw error;
      }
      this.pendingOfferId = null;
      this.glareCount = 0;
      this.watchdog.arm();
      this.#emit('negotiated', {});
    });
  }

  /** A server error about our negotiation; returns true when it was handled here. */
  handleError(message) {
    const aboutOurOffer = message.id != null && message.id === this.pendingOfferId;
    if (message.code === 'glare') {
      // If the server's offer already arrived, our offer was rolled back and a retry is scheduled.
      // Otherwise roll back now and offer again once the server's offer has been answered.
      this.glareCount += 1;
      if (aboutOurOffer) {
        this.#enqueue(async () => {
          if (this.pc.signalingState === 'have-local-offer') {
            await this.pc.setLocalDescription({ type: 'rollback' });
          }
          this.pendingOfferId = null;
          this.offerAgain = true;
          this.#retryIfStable();
        });
      }
      return true;
    }
    if (message.code === 'negotiation_failed' && aboutOurOffer) {
      // The server could not use our offer: return to stable so that later changes can still negotiate.
      this.#enqueue(async () => {
        if (this.pc.signalingState === 'have-local-offer') {
          await this.pc.setLocalDescription({ type: 'rollback' });
        }
        this.pendingOfferId = null;
      });
    }
    return false;
  }

  /** After the socket came back for the same participant: re-send an offer whose answer may have been lost. */
  resumed() {
    this.#enqueue(async () => {
      if (this.pc.signalingState === 'have-local-offer') {
        this.pendingOfferId = this.signaling.send({ type: 'offer', sdp: this.pc.localDescription.sdp });
      } else if (this.offerAgain) {
        this.offerAgain = false;
        await this.#offer();
      }
    });
  }

  close() {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.watchdog.stop();
    this.pc.close();
  }

  async #offer() {
    if (this.closed) {
      return;
    }
    if (!this.signaling.isOpen) {
      this.offerAgain = true; // sent when the socket is back (resumed())
      return;
    }
    if (this.pc.signalingState !== 'stable') {
      this.offerAgain = true;
      return;
    }
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.pendingOfferId = this.signaling.send({ type: 'offer', sdp: this.pc.localDescription.sdp });
    } finally {
      this.makingOffer = false;
    }
  }

  /** ICE is stuck or failed: new credentials and a new offer (negotiationneeded follows once stable). */
  #restartIce() {
    if (this.closed) {
      return;
    }
    this.iceRestarts += 1;
    console.info(`ICE did not connect (${this.pc.iceConnectionState}): restarting it`);
    this.pc.restartIce();
  }

  #retryIfStable() {
    if (this.pc.signalingState !== 'stable' || !this.offerAgain || this.retryTimer) {
      return;
    }
    // Back off on repeated glare so that two busy sides cannot keep colliding in a tight loop.
    const delay = this.glareCount === 0 ? 0 : Math.min(2000, 50 * 2 ** this.glareCount) * (0.5 + Math.random() / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.offerAgain) {
        this.offerAgain = false;
        this.#enqueue(() => this.#offer());
      }
    }, delay);
  }

  // One negotiation step at a time, in arrival order.
  #enqueue(step) {
    this.queue = this.queue.then(() => (this.closed ? undefined : step())).catch((error) => {
      console.warn('negotiation step failed', error);
      this.#emit('negotiationerror', { message: String(error?.message || error) });
    });
    return this.queue;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
