// What we know about the other participants: names and the metadata of their published tracks.
// Remote media is matched to a participant through the stream id (the publisher's msid) and kind.

const MIC_LABELS = { on: 'Microphone on', muted: 'Microphone muted', none: 'No microphone' };

export class Participants extends EventTarget {
  /** @param {HTMLElement} list @param {HTMLElement} count */
  constructor(list, count) {
    super();
    this.list = list;
    this.count = count;
    this.self = null; // { id, name }
    this.people = new Map(); // id -> { id, name, tracks: Map(trackId -> meta) }
    this.activeSpeaker = null;
  }

  setSelf(id, name) {
    this.self = { id, name, mic: this.self?.mic ?? 'none' };
    this.render();
  }

  /** @param {'on' | 'muted' | 'none'} mic */
  setSelfMic(mic) {
    if (this.self) {
      this.self.mic = mic;
      this.render();
    }
  }

  /** Replaces everything with the participants of a `joined` message. */
  reset(participants) {
    this.people.clear();
    for (const p of participants) {
      this.upsert(p.id, p.name);
      for (const track of p.tracks || []) {
        this.addTrack(p.id, track);
      }
    }
    this.render();
  }

  upsert(id, name) {
    if (!this.people.has(id)) {
      this.people.set(id, { id, name, tracks: new Map() });
    }
    this.render();
    return this.people.get(id);
  }

  get(id) {
    return this.people.get(id);
  }

  remove(id) {
    this.people.delete(id);
    this.render();
  }

  addTrack(participantId, meta) {
    const person = this.people.get(participantId);
    if (!person) {
      return;
    }
    person.tracks.set(meta.trackId, { ...meta });
    this.render();
  }

  removeTrack(participantId, trackId) {
    const track = this.people.get(participantId)?.tracks.get(trackId);
    this.people.get(participantId)?.tracks.delete(trackId);
    this.render();
    return track;
  }

  setTrackMuted(participantId, trackId, muted) {
    const track = this.people.get(participantId)?.tracks.get(trackId);
    if (track) {
      track.muted = muted;
      this.render();
    }
    return track;
  }

  /** Finds who published the stream `streamId` with a track of `kind`. */
  findByStream(streamId, kind) {
    for (const person of this.people.values()) {
      for (const meta of person.tracks.values()) {
        if (meta.streamId === streamId && meta.kind === kind) {
          return { participant: person, meta };
        }
      }
    }
    for (const person of this.people.values()) {
      for (const meta of person.tracks.values()) {
        if (meta.streamId === streamId) {
          return { participant: person, meta };
        }
      }
    }
    return null;
  }

  /**
   * 'on', 'muted', or 'none' when no microphone track is published. The server announces every track it forwards
   * (it makes up the metadata of a track that was never `publish`ed), so no microphone metadata means no microphone.
   * @returns {'on' | 'muted' | 'none'}
   */
  micState(participantId) {
    let state = 'none';
    for (const meta of this.people.get(participantId)?.tracks.values() || []) {
      if (meta.kind === 'audio' && meta.source === 'microphone') {
        if (!meta.muted) {
          return 'on';
        }
        state = 'muted';
      }
    }
    return state;
  }

  /** True unless the participant has a microphone that is on (no microphone counts as muted). */
  isMicMuted(participantId) {
    return this.micState(participantId) !== 'on';
  }

  setActiveSpeaker(id) {
    this.activeSpeaker = id;
    this.render();
  }

  render() {
    const rows = [];
    if (this.self) {
      rows.push(this.#row(this.self.id, `${this.self.name} (you)`, this.self.mic));
    }
    for (const person of this.people.values()) {
      rows.push(this.#row(person.id, person.name, this.micState(person.id)));
    }
    this.list.replaceChildren(...rows);
    this.count.textContent = String(rows.length);
  }

  #row(id, name, mic) {
    const item = document.createElement('li');
    item.dataset.participantId = id;
    item.dataset.muted = String(mic !== 'on');
    item.dataset.mic = mic;
    item.dataset.activeSpeaker = String(id === this.activeSpeaker);
    const icon = document.createElement('span');
    icon.className = 'mic';
    icon.setAttribute('role', 'img');
    icon.title = MIC_LABELS[mic];
    icon.setAttribute('aria-label', MIC_LABELS[mic]);
    const label = document.createElement('span');
    label.className = 'name';
    label.textContent = name;
    item.append(icon, label);
    return item;
  }
}
