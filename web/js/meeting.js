// The meeting page: joins /m/{code} as ?name=..., publishes camera/mic, shows everyone else.
import { SignalingClient } from './signaling.js';
import { PeerSession } from './peer.js';
import { acquireCameraAndMicrophone, acquireScreen } from './media.js';
import { VideoGrid } from './grid.js';
import { ChatPanel } from './chat.js';
import { Participants } from './participants.js';
import { ConnectionIndicator } from './status.js';
import { showNotice } from './notices.js';
import { askForName } from './name-prompt.js';
import { checkName, isValidRoomCode, suggestName } from './names.js';

const $ = (id) => document.getElementById(id);

const room = roomFromPath(location.pathname);
const grid = new VideoGrid($('grid'));
const participants = new Participants($('participant-list'), $('participant-count'));
const indicator = new ConnectionIndicator($('connection'));

let signaling = null;
let peer = null;
let selfId = null;
let selfName = '';
let cameraStream = new MediaStream(); // camera + microphone: one stream, one streamId
let screenStream = null;
const localTracks = new Map(); // trackId -> { track, stream, source, sender }
const pendingRemote = []; // remote tracks whose metadata has not arrived yet
// Which tile plays a remote track is the grid's to know (grid.remoteTileOf); here only which stream placed it there.
const routedBy = new WeakMap(); // remote MediaStreamTrack -> id of the stream it was routed by
const watched = new WeakSet(); // remote tracks and streams that have our listeners already
let inMeeting = false; // between start of signaling and leaving (by button, server, or page going away)

window.sfuDebug = Object.freeze({
  get participantId() { return selfId; },
  get pc() { return peer?.pc ?? null; },
  remoteTiles: () => grid.remoteTiles(),
});

/** The code in /m/{code}; anything after it (/m/x/extra) is kept so that such a path counts as invalid. */
function roomFromPath(pathname) {
  const rest = pathname.startsWith('/m/') ? pathname.slice(3) : '';
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest; // malformed %-escapes: shown as typed, and invalid
  }
}

async function start() {
  $('room-code').textContent = room;
  document.title = `${room || 'Meeting'} · Meeting`;
  if (!isValidRoomCode(room)) {
    const lower = room.toLowerCase();
    if (lower !== room && isValidRoomCode(lower)) {
      // The server redirects these already; this covers a page served some other way.
      location.replace(`/m/${lower}${location.search}${location.hash}`);
      return;
    }
    $('connection').hidden = true; // nothing to connect to
    showEnded('This meeting code is not valid.', {
      detail: 'A meeting code is 3–64 lowercase letters, digits or dashes, like team-sync. Check the link, or start from the home page.',
      rejoin: false,
    });
    return;
  }

  selfName = await chooseName(new URLSearchParams(location.search).get('name'));
  localStorage.setItem('sfu.name', selfName);
  $('meeting').hidden = false;

  const media = await acquireCameraAndMicrophone();
  cameraStream = media.stream;
  for (const problem of media.problems) {
    showNotice(problem, { kind: 'media', sticky: true });
  }
  for (const track of cameraStream.getTracks()) {
    localTracks.set(track.id, { track, stream: cameraStream, source: track.kind === 'audio' ? 'microphone' : 'camera', sender: null });
  }
  wireControls();

  signaling = new SignalingClient({ room, name: selfName });
  wireSignaling(signaling);
  inMeeting = true;
  signaling.start();
}

/** The link's ?name= when the server would take it; otherwise the name prompt, saying what is wrong with the link's. */
async function chooseName(fromLink) {
  if (fromLink !== null && fromLink.trim()) {
    const checked = checkName(fromLink);
    if (!checked.error) {
      return checked.name;
    }
    return askForName(suggestName(fromLink), checked.error);
  }
  return askForName(localStorage.getItem('sfu.name') || '');
}

/** POST /api/join-token refused for good: retrying cannot help, so ask for another name (or explain the bad code). */
async function onJoinRefused({ message, field }) {
  if (field === 'room') {
    leaveMeeting();
    showEnded('This meeting code is not valid.', { detail: `The server said: ${message}.`, rejoin: false });
    return;
  }
  if (field !== 'name') {
    leaveMeeting();
    showEnded('You cannot join this meeting.', { detail: `The server said: ${message}.` });
    return;
  }
  $('meeting').hidden = true;
  selfName = await askForName(suggestName(selfName), `The server refused this name: ${message}.`);
  localStorage.setItem('sfu.name', selfName);
  $('meeting').hidden = false;
  signaling.name = selfName;
  signaling.start();
}

function wireSignaling(client) {
  client.addEventListener('state', ({ detail }) => {
    indicator.setSignaling(detail.state);
    document.body.dataset.signalingState = detail.state;
    if (detail.state !== 'open') {
      chat.connectionLost();
    }
  });
  client.addEventListener('failure', ({ detail }) => showNotice(`Cannot join yet: ${detail.message}. Retrying…`, { kind: 'join' }));
  client.addEventListener('refused', ({ detail }) => onJoinRefused(detail));
  client.addEventListener('joined', ({ detail }) => onJoined(detail));
  client.addEventListener('offer', ({ detail }) => peer?.handleServerOffer(detail.sdp));
  client.addEventListener('answer', ({ detail }) => peer?.handleAnswer(detail.sdp));
  client.addEventListener('participantJoined', ({ detail }) => {
    participants.upsert(detail.participantId, detail.name);
    ensureRemoteTile(detail.participantId, 'camera', detail.name);
  });
  client.addEventListener('participantLeft', ({ detail }) => removeParticipant(detail.participantId));
  client.addEventListener('trackPublished', ({ detail }) => {
    participants.upsert(detail.participantId, participants.get(detail.participantId)?.name ?? '');
    participants.addTrack(detail.participantId, detail);
    applyMute(detail.participantId, detail);
    routePendingTracks();
  });
  client.addEventListener('trackUnpublished', ({ detail }) => {
    const meta = participants.removeTrack(detail.participantId, detail.trackId);
    if (meta?.source === 'screen' && ![...(participants.get(detail.participantId)?.tracks.values() || [])].some((t) => t.source === 'screen')) {
      // Its remote tracks go with the tile; when they end or leave their stream later, detaching them does nothing.
      grid.removeTile(detail.participantId, 'screen');
    }
    refreshMic(detail.participantId);
  });
  client.addEventListener('trackMuted', ({ detail }) => {
    const meta = participants.setTrackMuted(detail.participantId, detail.trackId, detail.muted);
    if (meta) {
      applyMute(detail.participantId, meta);
    }
  });
  client.addEventListener('activeSpeaker', ({ detail }) => {
    grid.setActiveSpeaker(detail.participantId);
    participants.setActiveSpeaker(detail.participantId);
  });
  client.addEventListener('chat', ({ detail }) => chat.add(detail, selfId));
  client.addEventListener('error', ({ detail }) => {
    if (peer?.handleError(detail) || chat.handleError(detail)) {
      return;
    }
    const messages = {
      rate_limited: 'Slow down: too many messages.',
      room_full: 'This meeting is full. Retrying…',
      unauthorized: 'Your meeting pass was refused. Rejoining…',
    };
    showNotice(messages[detail.code] || `Server: ${detail.message}`, { kind: 'error' });
  });
  client.addEventListener('leave', ({ detail }) => onServerLeave(detail.reason));
}

function onJoined(joined) {
  const fresh = joined.participantId !== selfId || !peer || !joined.resumed;
  selfId = joined.participantId;
  document.body.dataset.participantId = selfId;
  participants.setSelf(selfId, joined.name);

  // Everyone else, as the server knows them now (after a resume this reconciles what we missed).
  const present = new Set(joined.participants.map((p) => p.id));
  for (const id of [...participants.people.keys()]) {
    if (!present.has(id)) {
      removeParticipant(id);
    }
  }
  participants.reset(joined.participants);
  for (const p of joined.participants) {
    ensureRemoteTile(p.id, 'camera', p.name);
    for (const track of p.tracks) {
      applyMute(p.id, track);
    }
  }
  if (joined.activeSpeaker) {
    grid.setActiveSpeaker(joined.activeSpeaker);
    participants.setActiveSpeaker(joined.activeSpeaker);
  }

  if (fresh) {
    chat.resetSeen();
    startPeer(joined.iceServers || []);
  } else {
    // Same participant, same media session: re-announce our tracks (a publish may have been lost) and
    // re-send an offer whose answer may have been lost with the old socket.
    for (const [trackId, local] of localTracks) {
      sendPublish(trackId, local);
    }
    peer.resumed();
  }
  routePendingTracks();
}

/** A new participant on the server: a new RTCPeerConnection with all our tracks. */
function startPeer(iceServers) {
  if (peer) {
    peer.close();
  }
  pendingRemote.length = 0;
  for (const tile of grid.remoteTiles()) {
    grid.clearTracks(tile.element);
  }

  peer = new PeerSession(signaling, iceServers);
  peer.addEventListener('track', ({ detail }) => onRemoteTrack(detail));
  peer.addEventListener('connectionstate', ({ detail }) => indicator.setMedia(detail.state));
  peer.addEventListener('negotiationerror', ({ detail }) => console.warn('negotiation:', detail.message));
  peer.addEventListener('failed', ({ detail }) => {
    showNotice(`The media connection could not be updated (${detail.message}). Rejoining…`, { kind: 'error' });
    signaling.rejoin();
  });
  indicator.setMedia(localTracks.size ? 'new' : 'idle');

  document.querySelectorAll('.tile[data-local="true"]').forEach((tile) => grid.removeTile(tile.dataset.participantId, tile.dataset.source));
  const selfTile = grid.ensureTile(selfId, 'camera', { name: selfName, local: true });
  for (const [trackId, local] of localTracks) {
    if (local.source === 'screen') {
      grid.attachTrack(grid.ensureTile(selfId, 'screen', { name: selfName, local: true }), local.track);
    } else {
      grid.attachTrack(selfTile, local.track);
    }
    // Metadata first, so that subscribers can place the track the moment it arrives.
    sendPublish(trackId, local);
    local.sender = peer.addTrack(local.track, local.stream);
  }
  refreshLocalState();
}

function sendPublish(trackId, local) {
  signaling.send({
    type: 'publish',
    trackId,
    streamId: local.stream.id,
    kind: local.track.kind,
    source: local.source,
    muted: !local.track.enabled,
  });
}

function onRemoteTrack(event) {
  const { track } = event;
  const stream = event.streams[0];
  const entry = { track, streamId: stream ? stream.id : null };
  // A reused receiver fires ontrack again for the same track (a new stream when it now carries someone else's).
  removePending(track);
  if (!routeRemoteTrack(entry)) {
    pendingRemote.push(entry);
  }
  if (!watched.has(track)) {
    watched.add(track);
    track.addEventListener('ended', () => {
      removePending(track);
      unrouteTrack(track);
    });
  }
  if (stream && !watched.has(stream)) {
    watched.add(stream);
    // The server's offer took the track out of this publisher's stream; if it was routed by another stream since
    // (receiver reused), it stays where it is.
    stream.addEventListener('removetrack', (e) => {
      removePending(e.track, stream.id);
      unrouteTrack(e.track, stream.id);
    });
  }
}

/** Places a remote track in its participant's tile; false while its metadata is unknown. */
function routeRemoteTrack({ track, streamId }) {
  const found = streamId && participants.findByStream(streamId, track.kind);
  if (!found) {
    return false;
  }
  const group = found.meta.source === 'screen' ? 'screen' : 'camera';
  const tile = ensureRemoteTile(found.participant.id, group, found.participant.name);
  const previous = grid.remoteTileOf(track);
  if (previous && previous !== tile) {
    // The server reused this receiver for someone else's track.
    grid.detachTrack(previous, track);
  }
  routedBy.set(track, streamId);
  grid.attachTrack(tile, track);
  applyMute(found.participant.id, found.meta);
  return true;
}

function removePending(track, streamId = null) {
  for (let i = pendingRemote.length - 1; i >= 0; i--) {
    if (pendingRemote[i].track === track && (streamId === null || pendingRemote[i].streamId === streamId)) {
      pendingRemote.splice(i, 1);
    }
  }
}

/** A participant's tile, created with the right microphone badge. */
function ensureRemoteTile(participantId, group, name) {
  const tile = grid.ensureTile(participantId, group, { name });
  refreshMic(participantId);
  return tile;
}

function refreshMic(participantId) {
  grid.setMicState(participantId, participants.micState(participantId));
}

function routePendingTracks() {
  for (let i = pendingRemote.length - 1; i >= 0; i--) {
    if (pendingRemote[i].track.readyState === 'ended' || routeRemoteTrack(pendingRemote[i])) {
      pendingRemote.splice(i, 1);
    }
  }
}

/** Takes a remote track out of its tile; with `streamId`, only if that stream is what placed it there. */
function unrouteTrack(track, streamId = null) {
  if (streamId !== null && routedBy.get(track) !== streamId) {
    return;
  }
  routedBy.delete(track);
  const tile = grid.remoteTileOf(track);
  if (tile) {
    grid.detachTrack(tile, track);
  }
}

function applyMute(participantId, meta) {
  if (meta.source === 'microphone') {
    refreshMic(participantId);
  } else if (meta.kind === 'video') {
    grid.setVideoMuted(participantId, meta.source === 'screen' ? 'screen' : 'camera', meta.muted);
  }
}

function removeParticipant(id) {
  participants.remove(id);
  grid.removeParticipant(id);
}

function onServerLeave(reason) {
  if (reason === 'transportClosed') {
    // The media path died on the server side: start over as a new participant.
    showNotice('The media connection was lost. Rejoining…', { kind: 'join' });
    signaling.forgetSession();
    signaling.restart();
    return;
  }
  const text = {
    kicked: 'You were removed from the meeting.',
    meetingEnded: 'The meeting has ended.',
    replaced: 'You joined this meeting from another tab or device.',
    serverShutdown: 'The server is shutting down. Rejoin in a moment.',
  }[reason] || `You left the meeting (${reason}).`;
  inMeeting = false;
  teardown();
  showEnded(text);
}

// ---- controls ----

const chat = new ChatPanel(
  { list: $('chat-messages'), form: $('chat-form'), input: $('chat-input'), error: $('chat-error') },
  (text) => (signaling?.isOpen ? signaling.send({ type: 'chat', text }) : null),
);

function wireControls() {
  $('mic-button').addEventListener('click', () => toggle('microphone'));
  $('camera-button').addEventListener('click', () => toggle('camera'));
  $('screen-button').addEventListener('click', () => (screenStream ? stopScreen() : startScreen()));
  $('leave-button').addEventListener('click', () => {
    leaveMeeting();
    showEnded('You left the meeting.');
  });
  refreshLocalState();
}

/** Tells the server we are gone (best effort: only if the socket is open) and stops everything local. */
function leaveMeeting() {
  inMeeting = false;
  signaling?.leave();
  teardown();
}

// Closing the tab, reloading or navigating away: say `leave` now, so that the others see us go at once instead of
// keeping a frozen tile for the server's reconnect grace period.
window.addEventListener('pagehide', () => {
  if (inMeeting) {
    leaveMeeting();
    document.body.dataset.leftOnPageHide = 'true';
  }
});
// Back to a page kept in the back/forward cache after it left: join again from scratch.
window.addEventListener('pageshow', (event) => {
  if (event.persisted && document.body.dataset.leftOnPageHide === 'true') {
    location.reload();
  }
});

/** Mute = track.enabled false (silence / black frames keep the m-line) plus a mute message so the server pauses forwarding. */
function toggle(source) {
  for (const [trackId, local] of localTracks) {
    if (local.source === source) {
      local.track.enabled = !local.track.enabled;
      signaling?.send({ type: 'mute', trackId, muted: !local.track.enabled });
    }
  }
  refreshLocalState();
}

async function startScreen() {
  let stream;
  try {
    stream = await acquireScreen();
  } catch (error) {
    showNotice(error.message, { kind: 'media' });
    return;
  }
  if (!stream || !peer) {
    return;
  }
  screenStream = stream;
  const tile = grid.ensureTile(selfId, 'screen', { name: selfName, local: true });
  for (const track of stream.getTracks()) {
    const local = { track, stream, source: 'screen', sender: null };
    localTracks.set(track.id, local);
    grid.attachTrack(tile, track);
    sendPublish(track.id, local);
    local.sender = peer.addTrack(track, stream);
    track.addEventListener('ended', () => stopScreen()); // the browser's own "Stop sharing"
  }
  refreshLocalState();
}

function stopScreen() {
  if (!screenStream) {
    return;
  }
  for (const track of screenStream.getTracks()) {
    const local = localTracks.get(track.id);
    localTracks.delete(track.id);
    track.stop();
    signaling?.send({ type: 'unpublish', trackId: track.id });
    if (local?.sender) {
      peer?.removeTrack(local.sender);
    }
  }
  screenStream = null;
  grid.removeTile(selfId, 'screen');
  refreshLocalState();
}

function refreshLocalState() {
  const mic = [...localTracks.values()].find((l) => l.source === 'microphone');
  const cam = [...localTracks.values()].find((l) => l.source === 'camera');
  setButton($('mic-button'), mic, mic && !mic.track.enabled, 'Unmute', 'Mute', 'No microphone');
  setButton($('camera-button'), cam, cam && !cam.track.enabled, 'Start camera', 'Stop camera', 'No camera');
  $('screen-button').textContent = screenStream ? 'Stop sharing' : 'Share screen';
  $('screen-button').setAttribute('aria-pressed', String(Boolean(screenStream)));
  const micState = !mic ? 'none' : mic.track.enabled ? 'on' : 'muted';
  participants.setSelfMic(micState);
  if (selfId) {
    grid.setMicState(selfId, micState);
    grid.setVideoMuted(selfId, 'camera', !cam || !cam.track.enabled);
  }
}

function setButton(button, local, off, offLabel, onLabel, missingLabel) {
  button.disabled = !local;
  button.textContent = !local ? missingLabel : off ? offLabel : onLabel;
  button.setAttribute('aria-pressed', String(Boolean(off)));
  button.dataset.off = String(Boolean(!local || off));
}

function teardown() {
  peer?.close();
  peer = null;
  for (const local of localTracks.values()) {
    local.track.stop();
  }
  localTracks.clear();
  screenStream = null;
  indicator.setSignaling('closed');
}

/** The end card: why, and links to join again (unless that cannot work, e.g. a bad code) and to the home page. */
function showEnded(text, { detail = '', rejoin = true } = {}) {
  $('meeting').hidden = true;
  $('name-prompt').hidden = true;
  $('ended').hidden = false;
  $('ended-reason').textContent = text;
  $('ended-detail').textContent = detail;
  $('ended-detail').hidden = !detail;
  $('rejoin-link').hidden = !rejoin;
  $('home-link').classList.toggle('primary', !rejoin);
  const link = new URL(location.href);
  if (selfName) {
    link.searchParams.set('name', selfName);
  }
  $('rejoin-link').href = link.pathname + link.search;
}

start();
