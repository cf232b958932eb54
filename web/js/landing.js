// Landing page. "New meeting" creates a real meeting (POST /api/meetings) for a signed-in person and opens it; without
// a sign-in it goes to the sign-in page first and comes back here (?new) to create it. Joining by code checks that the
// meeting exists and has not ended before opening /m/{code}?name=... . No path here makes up a code.
import { api, currentAuth, signOut } from './auth.js';
import { checkName, isValidRoomCode } from './names.js';

const $ = (id) => document.getElementById(id);
const form = $('join-form');
const codeInput = $('code-input');
const nameInput = $('name-input');
const error = $('form-error');
const auth = currentAuth();

nameInput.value = localStorage.getItem('sfu.name') || auth?.user?.name || '';
if (auth) {
  $('new-meeting-hint').textContent = `Signed in as ${auth.user.name}.`;
}

$('new-meeting').addEventListener('click', () => newMeeting());

/** Creates a meeting (guests may join by its link) and opens it, or sends the person to sign in first. */
async function newMeeting() {
  if (!currentAuth()) {
    location.assign('/signin.html?next=' + encodeURIComponent('/?new'));
    return;
  }
  const button = $('new-meeting');
  button.disabled = true;
  $('new-meeting-error').textContent = '';
  try {
    const created = await api('/api/meetings', { method: 'POST', body: { title: `${currentAuth().user.name}'s meeting`, allowGuests: true } });
    if (created.status === 401) {
      signOut(); // the sign-in expired or its key changed: sign in again, then create
      location.assign('/signin.html?next=' + encodeURIComponent('/?new'));
      return;
    }
    if (!created.ok) {
      $('new-meeting-error').textContent = `The meeting could not be created: ${created.message}`;
      return;
    }
    location.assign(created.body.url);
  } catch (failure) {
    $('new-meeting-error').textContent = `The server cannot be reached (${failure.message}).`;
  } finally {
    button.disabled = false;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const code = codeInput.value.trim().toLowerCase();
  if (!isValidRoomCode(code)) {
    error.textContent = 'A meeting code is 3–64 lowercase letters, digits or dashes, like abcd-efgh-ijkl.';
    codeInput.focus();
    return;
  }
  const { name, error: nameError } = checkName(nameInput.value);
  if (nameError) {
    error.textContent = nameError;
    nameInput.focus();
    return;
  }
  error.textContent = '';
  let meeting;
  try {
    meeting = await api(`/api/meetings/${encodeURIComponent(code)}`);
  } catch (failure) {
    error.textContent = `The server cannot be reached (${failure.message}).`;
    return;
  }
  if (meeting.status === 404) {
    error.textContent = 'There is no meeting with this code. Check the code, or start a new meeting.';
    codeInput.focus();
    return;
  }
  if (meeting.ok && meeting.body.status === 'ended') {
    error.textContent = 'This meeting has ended.';
    return;
  }
  localStorage.setItem('sfu.name', name);
  location.href = `/m/${encodeURIComponent(code)}?name=${encodeURIComponent(name)}`;
});

// Back from signing in to start a meeting.
if (new URLSearchParams(location.search).has('new') && auth) {
  history.replaceState(null, '', '/');
  newMeeting();
}
