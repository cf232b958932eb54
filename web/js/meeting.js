// The meeting page: joins /m/{code} as ?name=..., publishes camera/mic, shows everyone else.
import { SignalingClient } from './signaling.js';
import { PeerSession } from './peer.js';
import { acquireCameraAndMicrophone } from './media.js';
import { VideoGrid } from './grid.js';
import { ChatPanel } from './chat.js';
import { Participants } from './participants.js';
import { ConnectionIndicator } from './status.js';
import { showNotice } from './notices.js';
import { askForName } from './name-prompt.js';
import { checkName, isValidRoomCode, suggestName } from './names.js';
import { RemoteTracks } from './remote-tracks.js';
import { LocalMedia } from './local-media.js';
import { HostControls } from './host-controls.js';
import { currentAuth } from './auth.js';
import { applySpeaker, preJoin, savedChoice } from './devices.js';
import { DeviceSwitcher } from './device-switcher.js';
import { TileLayout } from './tile-layout.js';
import { VideoPreferences } from './video-preferences.js';

const $ = (id) => document.getElementById(id);

const room = roomFromPath(location.pathname);
const grid = new VideoGrid($('grid'));
const participants = new Participants($('participant-list'), $('participant-count'));
const indicator = new ConnectionIndicator($('connection'));
const remoteTracks = new RemoteTracks({ grid, participants });
const layout = new TileLayout(grid, { view: $('view-button'), previous: $('page-previous'), next: $('page-next'), page: $('page-label') });
const preferences = new VideoPreferences({ grid, participants, send: (message) => (signaling?.isOpen ? signaling.send(message) : null) });

let signaling = null;
let peer = null;
let selfId = null;
let selfName = '';
let inMeeting = false; // between start of signaling and leaving (by button, server, or page going away)
const localMedia = new LocalMedia({
  grid,
  participants,
  buttons: { mic: $('mic-button'), camera: $('camera-button'), screen: $('screen-button') },
  session: () => ({ signaling, peer, selfId, selfName }),
});

window.sfuDebug = Object.freeze({
  get participantId() { return selfId; },
  get pc() { return peer?.pc ?? null; },
  get iceRestarts() { return peer?.iceRestarts ?? 0; },
  remoteTiles: () => grid.remoteTiles(),
  layout: () => layout.describe(),
  videoPreferences: () => preferences.collect(),
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

  // Signed in (e.g. the host starting from the dashboard): the account's name unless the link names someone.
  const named = new URLSearchParams(location.search).get('name');
  selfName = await chooseName(named ?? currentAuth()?.user?.name ?? null);
  localStorage.setItem('sfu.name', selfName);
  // A link that names the participant joins at once (with the devices chosen last time); otherwise the preview first.
  const devices = named ? savedChoice() : await preJoin({
    card: $('prejoin'), video: $('prejoin-video'), camera: $('camera-select'), microphone: $('microphone-select'),
    speaker: $('speaker-select'), join: $('prejoin-join'),
  });
  applySpeaker(devices.speakerId);
  $('meeting').hidden = false;

  const media = await acquireCameraAndMicrophone(devices);
  for (const problem of media.problems) {
    showNotice(problem, { kind: 'media', sticky: true });
  }
  localMedia.adoptCamera(media.stream);
  wireControls();
  new DeviceSwitcher(
    { camera: $('meeting-camera-select'), microphone: $('meeting-microphone-select'), speaker: $('meeting-speaker-select') },
    localMedia,
  ).wire();

  signaling = new SignalingClient({ room, name: selfName });
  wireSignaling(signaling);
  new HostControls(
    { panel: $('host-panel'), list: $('host-participants'), lock: $('lock-button'), end: $('end-button') },
    room,
  ).attach(signaling);
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

/** The meetings API (or signaling) refused for good: retrying cannot help, so explain, or ask for another name. */
async function onJoinRefused({ message, field, status, code }) {
  if (field === 'room') {
    leaveMeeting();
    showEnded('There is no meeting with this code.', { detail: `The server said: ${message}.`, rejoin: false });
    return;
  }
  const final = {
    meeting_ended: 'This meeting has ended.',
    participant_removed: 'The host removed you from this meeting.',
    meeting_locked: 'The host locked this meeting.',
  }[code] || { 410: 'This meeting has ended.', 403: 'You cannot join this meeting.', 401: 'Sign in to join this meeting.' }[status];
  if (final) {
    leaveMeeting();
    showEnded(final, { detail: `The server said: ${message}.`, rejoin: false });
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
    remoteTracks.ensureTile(detail.participantId, 'camera', detail.name);
  });
  client.addEventListener('participantLeft', ({ detail }) => removeParticipant(detail.participantId));
  client.addEventListener('trackPublished', ({ detail }) => {
    participants.upsert(detail.participantId, participants.get(detail.participantId)?.name ?? '');
    participants.addTrack(detail.participantId, detail);
    remoteTracks.applyMute(detail.participantId, detail);
    remoteTracks.routePending();
    preferences.schedule();
  });
  client.addEventListener('trackUnpublished', ({ detail }) => {
    const meta = participants.removeTrack(detail.participantId, detail.trackId);
    if (meta?.source === 'screen' && ![...(participants.get(detail.participantId)?.tracks.values() || [])].some((t) => t.source === 'screen')) {
      // Its remote tracks go with the tile; when they end or leave their stream later, detaching them does nothing.
      grid.removeTile(detail.participantId, 'screen');
    }
    remoteTracks.refreshMic(detail.participantId);
    preferences.schedule();
  });
  client.addEventListener('trackMuted', ({ detail }) => {
    const meta = participants.setTrackMuted(detail.participantId, detail.trackId, detail.muted);
    if (meta) {
      remoteTracks.applyMute(detail.participantId, meta);
    }
  });
  client.addEventListener('activeSpeaker', ({ detail }) => {
    layout.setActiveSpeaker(detail.participantId);
    participants.setActiveSpeaker(detail.participantId);
  });
  client.addEventListener('layers', ({ detail }) => localMedia.applyLayers(detail));
  client.addEventListener('videoPaused', ({ detail }) => remoteTracks.applyPaused(detail));
  client.addEventListener('chat', ({ detail }) => chat.add(detail, selfId));
  client.addEventListener('error', ({ detail }) => {
    if (peer?.handleError(detail) || chat.handleError(detail) || preferences.handleError(detail)) {
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
    remoteTracks.ensureTile(p.id, 'camera', p.name);
    for (const track of p.tracks) {
      remoteTracks.applyMute(p.id, track);
    }
  }
  if (joined.activeSpeaker) {
    layout.setActiveSpeaker(joined.activeSpeaker);
    participants.setActiveSpeaker(joined.activeSpeaker);
  }

  if (fresh) {
    chat.resetSeen();
    startPeer(joined.iceServers || []);
  } else {
    // Same participant, same media session: re-announce our tracks (a publish may have been lost) and
    // re-send an offer whose answer may have been lost with the old socket.
    localMedia.republish();
    peer.resumed();
  }
  remoteTracks.routePending();
  preferences.resend(); // a new socket: the server knows nothing of what we show
}

/** A new participant on the server: a new RTCPeerConnection with all our tracks. */
function startPeer(iceServers) {
  if (peer) {
    peer.close();
  }
  remoteTracks.reset();

  peer = new PeerSession(signaling, iceServers);
  peer.addEventListener('track', ({ detail }) => remoteTracks.onTrack(detail));
  peer.addEventListener('negotiated', () => localMedia.afterNegotiation());
  peer.addEventListener('connectionstate', ({ detail }) => indicator.setMedia(detail.state));
  peer.addEventListener('negotiationerror', ({ detail }) => console.warn('negotiation:', detail.message));
  peer.addEventListener('failed', ({ detail }) => {
    showNotice(`The media connection could not be updated (${detail.message}). Rejoining…`, { kind: 'error' });
    signaling.rejoin();
  });
  indicator.setMedia(localMedia.size ? 'new' : 'idle');
  localMedia.publishToPeer();
}

function removeParticipant(id) {
  participants.remove(id);
  grid.removeParticipant(id);
}

function onServerLeave(reason) {
  if (reason === 'serverShutdown') {
    // A graceful restart: the meeting goes on. Join again (as a new participant) as soon as the server is back;
    // the signaling client retries with backoff while it is down.
    showNotice('The server is restarting. Rejoining when it is back…', { kind: 'join' });
    signaling.forgetSession();
    signaling.restart();
    return;
  }
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
    mediaTimeout: 'Your audio and video could not connect in time, and the full meeting gave your seat to someone joining. Check your network and rejoin.',
  }[reason] || `You left the meeting (${reason}).`;
  inMeeting = false;
  teardown();
  // Removed or ended: the server refuses a rejoin, so none is offered.
  showEnded(text, { rejoin: reason !== 'kicked' && reason !== 'meetingEnded' });
}

// ---- controls ----

const chat = new ChatPanel(
  { list: $('chat-messages'), form: $('chat-form'), input: $('chat-input'), error: $('chat-error') },
  (text) => (signaling?.isOpen ? signaling.send({ type: 'chat', text }) : null),
);

function wireControls() {
  $('leave-button').addEventListener('click', () => {
    leaveMeeting();
    showEnded('You left the meeting.');
  });
  localMedia.wireButtons();
  layout.wire();
  layout.addEventListener('layout', () => preferences.schedule());
  layout.addEventListener('pin', () => preferences.sendNow());
  preferences.wire();
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

function teardown() {
  peer?.close();
  peer = null;
  localMedia.stopAll();
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
