// Landing page: meeting code + name -> /m/{code}?name=...

const form = document.getElementById('join-form');
const codeInput = document.getElementById('code-input');
const nameInput = document.getElementById('name-input');
const error = document.getElementById('form-error');

nameInput.value = localStorage.getItem('sfu.name') || '';

document.getElementById('new-code').addEventListener('click', () => {
  const words = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'harbor', 'iris', 'juniper', 'kite', 'lumen'];
  const pick = () => words[Math.floor(Math.random() * words.length)];
  const digits = String(Math.floor(Math.random() * 9000) + 1000);
  codeInput.value = `${pick()}-${pick()}-${digits}`;
  nameInput.focus();
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = codeInput.value.trim().toLowerCase();
  const name = nameInput.value.trim();
  if (!/^[a-z0-9-]{3,64}$/.test(code)) {
    error.textContent = 'The meeting code must be 3–64 lowercase letters, digits or dashes.';
    codeInput.focus();
    return;
  }
  if (!name || name.length > 64) {
    error.textContent = 'Please enter your name (up to 64 characters).';
    nameInput.focus();
    return;
  }
  localStorage.setItem('sfu.name', name);
  location.href = `/m/${encodeURIComponent(code)}?name=${encodeURIComponent(name)}`;
});
