// Asks for a display name when the meeting link has none (/m/{code} without ?name=), when the link's name is not
// valid, or when the server refused it.
import { checkName } from './names.js';

/**
 * @param {string} suggestion prefilled into the field
 * @param {string} [message] why the name is asked for again (e.g. the server's reason), shown above the button
 * @returns {Promise<string>} a name that passes the server's rules
 */
export function askForName(suggestion, message = '') {
  const section = document.getElementById('name-prompt');
  const form = document.getElementById('name-form');
  const input = document.getElementById('name-input');
  const error = document.getElementById('name-error');
  section.hidden = false;
  input.value = suggestion;
  error.textContent = message;
  input.setAttribute('aria-invalid', String(Boolean(message)));
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', function onSubmit(event) {
      event.preventDefault();
      const checked = checkName(input.value);
      if (checked.error) {
        error.textContent = checked.error;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      form.removeEventListener('submit', onSubmit);
      error.textContent = '';
      input.setAttribute('aria-invalid', 'false');
      section.hidden = true;
      const url = new URL(location.href);
      url.searchParams.set('name', checked.name);
      history.replaceState(null, '', url);
      resolve(checked.name);
    });
  });
}
