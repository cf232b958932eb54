// Sign in or register (POST /api/auth/login, /api/auth/register), then go to the dashboard.
import { api, saveAuth } from './auth.js';

const $ = (id) => document.getElementById(id);
let registering = new URLSearchParams(location.search).has('register');

function render() {
  $('signin-title').textContent = registering ? 'Create an account' : 'Sign in';
  $('signin-submit').textContent = registering ? 'Register' : 'Sign in';
  $('mode-switch').textContent = registering ? 'Have an account? Sign in' : 'No account yet? Register';
  $('name-row').hidden = !registering;
  $('account-password').autocomplete = registering ? 'new-password' : 'current-password';
  $('signin-error').textContent = '';
}

$('mode-switch').addEventListener('click', () => {
  registering = !registering;
  /** Where to go after signing in: a path of this site only (never another site a crafted link names), else the dashboard. */
function safeNext(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/dashboard.html';
}

render();
});

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const email = $('account-email').value;
  const password = $('account-password').value;
  $('signin-error').textContent = '';
  try {
    if (registering) {
      const created = await api('/api/auth/register', { method: 'POST', auth: false, body: { email, password, name: $('account-name').value } });
      if (!created.ok) {
        $('signin-error').textContent = created.message;
        return;
      }
    }
    const login = await api('/api/auth/login', { method: 'POST', auth: false, body: { email, password } });
    if (!login.ok) {
      $('signin-error').textContent = login.message;
      return;
    }
    saveAuth(login.body);
    location.assign(safeNext(new URLSearchParams(location.search).get('next')));
  } catch (error) {
    $('signin-error').textContent = `The server cannot be reached (${error.message}).`;
  }
});

/** Where to go after signing in: a path of this site only (never another site a crafted link names), else the dashboard. */
function safeNext(next) {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/dashboard.html';
}

render();
