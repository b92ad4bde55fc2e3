// Building DOM nodes. API data (device names, output, documents) is hostile: it only ever becomes text nodes or
// attribute values, never markup, so nothing here parses HTML.

/** h('div.card#main', {onclick, title, dataset...}, child, [children], 'text') */
export function h(spec, attrs, ...children) {
  const el = document.createElement(/^[a-z0-9]*/i.exec(spec)[0] || 'div');
  for (const [, kind, name] of spec.matchAll(/([.#])([^.#]+)/g)) {
    if (kind === '#') el.id = name;
    else el.classList.add(name);
  }
  if (
    attrs !== undefined &&
    attrs !== null &&
    (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))
  ) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'class') el.classList.add(...String(value).split(' ').filter(Boolean));
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
  for (const child of children) {
    if (child !== null && child !== undefined)
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function relativeTime(iso) {
  if (!iso) return '';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** A status as a coloured badge; the status text itself stays the API's word. */
export function badge(status) {
  return h('span.badge', { class: 'status-' + String(status).toLowerCase(), dataset: { status } }, status);
}

export function onlineDot(online) {
  return h(
    'span.dot',
    { class: online ? 'online' : 'offline', title: online ? 'online' : 'offline' },
    online ? 'online' : 'offline',
  );
}

/** A short message under a heading or in a form: kind is 'error', 'info' or 'success'. */
export function notice(kind, text) {
  return h('div.notice', { class: kind, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function shortId(id) {
  return String(id || '').slice(0, 8);
}

/** Asks before something that cannot be undone; resolves to true when confirmed. */
export function confirmAction(question, confirmLabel = 'Confirm') {
  return new Promise(resolve => {
    const dialog = h(
      'dialog.confirm',
      { 'aria-label': 'Confirm' },
      h('p', question),
      h(
        'div.actions',
        h('button.secondary', { type: 'button', onclick: () => dialog.close('no') }, 'Back'),
        h(
          'button.danger',
          { type: 'button', dataset: { confirm: 'yes' }, onclick: () => dialog.close('yes') },
          confirmLabel,
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'yes');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
