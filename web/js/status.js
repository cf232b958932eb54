// The connection indicator: signaling state and the peer connection's state in one badge.

const LABELS = {
  'connecting:new': 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
  'open:connected': 'Connected',
  'open:idle': 'Connected',
  'open:failed': 'Media connection failed',
  'open:disconnected': 'Media interrupted…',
};

export class ConnectionIndicator {
  /** @param {HTMLElement} element */
  constructor(element) {
    this.element = element;
    this.signaling = 'connecting';
    this.media = 'new';
    this.render();
  }

  setSignaling(state) {
    this.signaling = state;
    this.render();
  }

  setMedia(state) {
    this.media = state;
    this.render();
  }

  render() {
    const { signaling, media } = this;
    let label = LABELS[`${signaling}:${media}`] || LABELS[signaling];
    if (!label) {
      label = signaling === 'open' ? (media === 'new' || media === 'connecting' ? 'Connecting media…' : `Media: ${media}`) : 'Connecting…';
    }
    let level = 'warn';
    if (signaling === 'open' && (media === 'connected' || media === 'idle')) {
      level = 'ok';
    } else if (signaling === 'closed' || media === 'failed') {
      level = 'bad';
    }
    this.element.dataset.signalingState = signaling;
    this.element.dataset.mediaState = media;
    this.element.dataset.level = level;
    this.element.querySelector('.text').textContent = label;
    this.element.title = `Signaling: ${signaling}, media: ${media}`;
  }
}
