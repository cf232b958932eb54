// Notices an RTCPeerConnection whose ICE does not complete, so that the page can restart ICE at once instead of
// waiting for the server to give up on it (its consent timeout, 30 s) and joining again as a new participant.
// On loopback or a LAN, ICE with our ICE-lite server completes well within a second of a description being applied.

const STUCK_AFTER_MS = 5000;

export class IceWatchdog {
  /**
   * @param {RTCPeerConnection} pc
   * @param {() => void} onStuck called when ICE is still not connected STUCK_AFTER_MS after a description was applied,
   *   or when it failed
   */
  constructor(pc, onStuck, stuckAfterMs = STUCK_AFTER_MS) {
    this.pc = pc;
    this.onStuck = onStuck;
    this.stuckAfterMs = stuckAfterMs;
    this.timer = null;
    pc.addEventListener('iceconnectionstatechange', () => {
      if (this.#connected()) {
        this.stop();
      } else if (pc.iceConnectionState === 'failed') {
        this.stop();
        this.onStuck();
      }
    });
  }

  /**
   * A description was applied, so ICE can run: it has STUCK_AFTER_MS to connect. A timer already running keeps its
   * deadline (a renegotiation right after the first exchange does not buy more time).
   */
  arm() {
    if (this.timer || this.#connected()) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.#connected() && this.pc.connectionState !== 'closed') {
        this.onStuck();
      }
    }, this.stuckAfterMs);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  #connected() {
    return this.pc.iceConnectionState === 'connected' || this.pc.iceConnectionState === 'completed';
  }
}
