// Sign-in state of the meetings API (a JWT from POST /api/auth/login, kept in localStorage) and a small fetch helper
// that sends it and reads RFC 9457 problem details into one readable sentence.

const AUTH_KEY = 'sfu.auth';
const GUEST_KEY = 'sfu.guestKey';

/** The stored sign-in ({token, expiresAt, user}) while it is valid; null otherwise. */
export function currentAuth() {
  try {
    const auth = JSON.parse(localStorage.getItem(AUTH_KEY) || 'null');
    if (auth && typeof auth.token === 'string' && Date.parse(auth.expiresAt) > Date.now() + 5_000) {
      return auth;
    }
  } catch {
    // unreadable: treated as signed out
  }
  return null;
}

export function saveAuth(login) {
  localStorage.setItem(AUTH_KEY, JSON.stringify({ token: login.token, expiresAt: login.expiresAt, user: login.user }));
}

export function signOut() {
  localStorage.removeItem(AUTH_KEY);
}

/** A random secret this browser keeps, so the host's "remove" also keeps a removed guest from joining again. */
export function guestKey() {
  let key = localStorage.getItem(GUEST_KEY);
  if (!key) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    key = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(GUEST_KEY, key);
  }
  return key;
}

/** The sentence to show for a problem-details body (the field's message for a 400). */
export function problemText(body, status) {
  if (body && body.errors && typeof body.errors === 'object') {
    const [field, messages] = Object.entries(body.errors)[0] || [];
    if (field) {
      return Array.isArray(messages) ? messages[0] : String(messages);
    }
  }
  return body?.detail || body?.title || `request failed (${status})`;
}

/**
 * Calls the meetings API. Resolves {ok, status, body, field, message}; network failures reject.
 * @param {string} path
 * @param {{method?: string, body?: object, auth?: boolean}} options auth (default true) sends the sign-in token if any
 */
export async function api(path, { method = 'GET', body, auth = true } = {}) {
  const headers = {};
  const signedIn = auth ? currentAuth() : null;
  if (signedIn) {
    headers.Authorization = `Bearer ${signedIn.token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  const field = parsed?.errors ? Object.keys(parsed.errors)[0] ?? null : null;
  return {
    ok: response.ok,
    status: response.status,
    body: parsed,
    field,
    message: response.ok ? '' : problemText(parsed, response.status),
  };
}
