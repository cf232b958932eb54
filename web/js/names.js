// The server's rules for meeting codes and display names (src/Signaling/Auth/MeetingNames.cs), checked in the
// browser too, so that a bad link is explained at once instead of being refused by POST /api/meetings/{code}/join.

export const MAX_NAME_LENGTH = 64;

const ROOM_CODE = /^[a-z0-9-]{3,64}$/;
// char.IsControl (C0, DEL, C1) plus the line and paragraph separators, as the server refuses them.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A room code is 3-64 characters of [a-z0-9-], exactly (no case folding). */
export function isValidRoomCode(code) {
  return typeof code === 'string' && ROOM_CODE.test(code);
}

/**
 * Trims a display name and checks it: 1-64 characters, no control characters.
 * @returns {{name: string, error: string | null}} error is a sentence for the person, null when the name is fine
 */
export function checkName(raw) {
  const name = String(raw ?? '').trim();
  if (!name) {
    return { name, error: 'Please enter your name.' };
  }
  if (name.length > MAX_NAME_LENGTH) {
    return { name, error: `Your name is too long (${name.length} characters); use at most ${MAX_NAME_LENGTH}.` };
  }
  if (CONTROL.test(name)) {
    return { name, error: 'Your name contains control characters (such as line breaks); use letters, digits and punctuation.' };
  }
  return { name, error: null };
}

/** A starting point for correcting a refused name: control characters removed, cut to the maximum length. */
export function suggestName(raw) {
  return String(raw ?? '').replace(CONTROL_ALL, '').trim().slice(0, MAX_NAME_LENGTH).trim();
}
