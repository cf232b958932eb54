// The host's dashboard: my meetings (create, copy the link, start, end) and each meeting's attendance and chat.
import { api, currentAuth, signOut } from './auth.js';

const $ = (id) => document.getElementById(id);
const auth = currentAuth();
if (!auth) {
  location.replace('/signin.html?next=/dashboard.html');
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function button(text, onClick, className = '') {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

async function load() {
  const result = await api('/api/meetings');
  if (result.status === 401) {
    signOut();
    location.replace('/signin.html?next=/dashboard.html');
    return;
  }
  const rows = $('meeting-rows');
  rows.replaceChildren();
  for (const meeting of result.body?.meetings || []) {
    const tr = document.createElement('tr');
    tr.dataset.code = meeting.code;
    const actions = document.createElement('td');
    const link = new URL(meeting.url, location.origin).href;
    actions.append(button('Copy link', (event) => copyLink(event.currentTarget, link)));
    if (meeting.status !== 'ended') {
      const start = document.createElement('a');
      start.className = 'button primary';
      start.href = meeting.url;
      start.textContent = 'Start';
      actions.append(start, button('End', () => end(meeting.code), 'danger'));
    }
    actions.append(button('Details', () => details(meeting)));
    tr.append(cell(meeting.title), cell(meeting.code), cell(meeting.status), actions);
    rows.append(tr);
  }
}

/**
 * Copies the meeting's link and says so on the button. Where the page may not write the clipboard (no permission, an
 * insecure origin), the link is shown selected in a prompt to copy by hand, never lost without a word.
 */
async function copyLink(target, link) {
  try {
    await navigator.clipboard.writeText(link);
    target.textContent = 'Copied';
    setTimeout(() => { target.textContent = 'Copy link'; }, 2000);
  } catch {
    window.prompt('Copy this meeting link:', link);
  }
}

async function end(code) {
  const result = await api(`/api/meetings/${code}/end`, { method: 'POST' });
  if (!result.ok) {
    $('create-error').textContent = result.message;
  }
  await load();
}

async function details(meeting) {
  $('details').hidden = false;
  $('details').dataset.code = meeting.code;
  $('details-title').textContent = `${meeting.title} (${meeting.code})`;
  const [attendance, chat] = await Promise.all([
    api(`/api/meetings/${meeting.code}/participants`),
    api(`/api/meetings/${meeting.code}/chat?limit=200`),
  ]);
  const rows = $('attendance-rows');
  rows.replaceChildren();
  for (const p of attendance.body?.participants || []) {
    const tr = document.createElement('tr');
    tr.append(cell(p.name), cell(p.role), cell(when(p.joinedAt)), cell(when(p.leftAt)), cell(p.leaveReason || (p.leftAt ? '' : 'in the meeting')));
    rows.append(tr);
  }
  const list = $('chat-history');
  list.replaceChildren();
  for (const m of chat.body?.messages || []) {
    const li = document.createElement('li');
    li.textContent = `${m.name}: ${m.text}`;
    li.title = when(m.sentAt);
    list.append(li);
  }
}

$('create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = await api('/api/meetings', { method: 'POST', body: { title: $('title-input').value, allowGuests: $('guests-input').checked } });
  $('create-error').textContent = result.ok ? '' : result.message;
  if (result.ok) {
    $('title-input').value = '';
    await load();
  }
});

$('sign-out').addEventListener('click', () => {
  signOut();
  location.assign('/');
});

if (auth) {
  $('who').textContent = `Signed in as ${auth.user.name} (${auth.user.email})`;
  load();
}
