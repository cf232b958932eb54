// Messages on the page (media denied, connection problems, server errors).

const container = () => document.getElementById('notices');

/**
 * @param {string} text
 * @param {{kind?: string, sticky?: boolean}} options sticky notices stay until dismissed
 */
export function showNotice(text, { kind = 'info', sticky = false } = {}) {
  const list = container();
  for (const existing of list.children) {
    if (existing.dataset.text === text) {
      return existing;
    }
  }
  const notice = document.createElement('div');
  notice.className = 'notice';
  notice.dataset.kind = kind;
  notice.dataset.text = text;
  notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  const body = document.createElement('span');
  body.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'dismiss';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => notice.remove());
  notice.append(body, close);
  list.append(notice);
  if (!sticky) {
    setTimeout(() => notice.remove(), 6000);
  }
  return notice;
}
