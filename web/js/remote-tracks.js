// Remote tracks into remote tiles: which participant's tile plays a track the server forwards us, and the
// microphone/video-muted state those tiles show.

/**
 * Routes the remote tracks of one media session into the grid, using what `participants` knows of each
 * participant's published tracks. A track whose metadata has not arrived yet waits in a pending list until
 * `routePending()` finds it.
 */
export class RemoteTracks {
  /**
   * @param {{ grid: import('./grid.js').VideoGrid, participants: import('./participants.js').Participants }} deps
   */
  constructor({ grid, participants }) {
    this.grid = grid;
    this.participants = participants;
    this.pending = []; // remote tracks whose metadata has not arrived yet
    // Which tile plays a remote track is the grid's to know (grid.remoteTileOf); here only which stream placed it there.
    this.routedBy = new WeakMap(); // remote MediaStreamTrack -> id of the stream it was routed by
    this.watched = new WeakSet(); // remote tracks and streams that have our listeners already
  }

  /** A new media session: nothing it had is pending any more, and no remote tile plays its tracks. */
  reset() {
    this.pending.length = 0;
    for (const tile of this.grid.remoteTiles()) {
      this.grid.clearTracks(tile.element);
      this.grid.setVideoPaused(tile.participantId, tile.source, false); // the new session's server says again
    }
  }

  /** The peer connection's `track` event. */
  onTrack(event) {
    const { track } = event;
    const stream = event.streams[0];
    const entry = { track, streamId: stream ? stream.id : null };
    // A reused receiver fires ontrack again for the same track (a new stream when it now carries someone else's).
    this.removePending(track);
    if (!this.route(entry)) {
      this.pending.push(entry);
    }
    if (!this.watched.has(track)) {
      this.watched.add(track);
      track.addEventListener('ended', () => {
        this.removePending(track);
        this.unroute(track);
      });
    }
    if (stream && !this.watched.has(stream)) {
      this.watched.add(stream);
      // The server's offer took the track out of this publisher's stream; if it was routed by another stream since
      // (receiver reused), it stays where it is.
      stream.addEventListener('removetrack', (e) => {
        this.removePending(e.track, stream.id);
        this.unroute(e.track, stream.id);
      });
    }
  }

  /** Places the tracks that were waiting for metadata which has arrived since; forgets those that ended. */
  routePending() {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].track.readyState === 'ended' || this.route(this.pending[i])) {
        this.pending.splice(i, 1);
      }
    }
  }

  /** A participant's tile, created with the right microphone badge. */
  ensureTile(participantId, group, name) {
    const tile = this.grid.ensureTile(participantId, group, { name });
    this.refreshMic(participantId);
    return tile;
  }

  refreshMic(participantId) {
    this.grid.setMicState(participantId, this.participants.micState(participantId));
  }

  /** Shows a published track's mute state on its participant's tile. */
  applyMute(participantId, meta) {
    if (meta.source === 'microphone') {
      this.refreshMic(participantId);
    } else if (meta.kind === 'video') {
      this.grid.setVideoMuted(participantId, meta.source === 'screen' ? 'screen' : 'camera', meta.muted);
    }
  }

  /**
   * The server's `videoPaused`: it stopped (or resumed) forwarding a remote video, for lack of bandwidth or because
   * we reported it not visible. Malformed messages and unknown tracks are ignored.
   */
  applyPaused({ participantId, trackId, paused, reason }) {
    const meta = typeof participantId === 'string' ? this.participants.get(participantId)?.tracks.get(trackId) : undefined;
    if (meta?.kind !== 'video' || typeof paused !== 'boolean') {
      return;
    }
    this.grid.setVideoPaused(participantId, meta.source === 'screen' ? 'screen' : 'camera', paused, typeof reason === 'string' ? reason : '');
  }

  /** Places a remote track in its participant's tile; false while its metadata is unknown. */
  route({ track, streamId }) {
    const found = streamId && this.participants.findByStream(streamId, track.kind);
    if (!found) {
      return false;
    }
    const group = found.meta.source === 'screen' ? 'screen' : 'camera';
    const tile = this.ensureTile(found.participant.id, group, found.participant.name);
    const previous = this.grid.remoteTileOf(track);
    if (previous && previous !== tile) {
      // The server reused this receiver for someone else's track.
      this.grid.detachTrack(previous, track);
    }
    this.routedBy.set(track, streamId);
    this.grid.attachTrack(tile, track);
    this.applyMute(found.participant.id, found.meta);
    return true;
  }

  removePending(track, streamId = null) {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].track === track && (streamId === null || this.pending[i].streamId === streamId)) {
        this.pending.splice(i, 1);
      }
    }
  }

  /** Takes a remote track out of its tile; with `streamId`, only if that stream is what placed it there. */
  unroute(track, streamId = null) {
    if (streamId !== null && this.routedBy.get(track) !== streamId) {
      return;
    }
    this.routedBy.delete(track);
    const tile = this.grid.remoteTileOf(track);
    if (tile) {
      this.grid.detachTrack(tile, track);
    }
  }
}
