// Landing page: meeting code + name -> /m/{code}?name=...
import { checkName, isValidRoomCode } from './names.js';

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
  if (!isValidRoomCode(code)) {
    error.textContent = 'The meeting code must be 3–64 lowercase letters, digits or dashes.';
    codeInput.focus();
    return;
  }
  const { name, error: nameError } = checkName(nameInput.value);
  if (nameError) {
    error.textContent = nameError;
    nameInput.focus();
    return;
  }
  localStorage.setItem('sfu.name', name);
  location.href = `/m/${encodeURIComponent(code)}?name=${encodeURIComponent(name)}`;
});
