// Asks for a display name when the meeting link has none (/m/{code} without ?name=).

/** @returns {Promise<string>} */
export function askForName(suggestion) {
  const section = document.getElementById('name-prompt');
  const form = document.getElementById('name-form');
  const input = document.getElementById('name-input');
  section.hidden = false;
  input.value = suggestion;
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', function onSubmit(event) {
      event.preventDefault();
      const name = input.value.trim();
      if (!name) {
        return;
      }
      form.removeEventListener('submit', onSubmit);
      section.hidden = true;
      const url = new URL(location.href);
      url.searchParams.set('name', name);
      history.replaceState(null, '', url);
      resolve(name);
    });
  });
}
