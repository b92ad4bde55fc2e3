// The portal's shell: sign-in, navigation by URL hash, the signed-in role, and the page in view.
import { api, session, whenUnauthorized } from './api.js';
import { live } from './live.js';
import { h, fill, notice } from './dom.js';
import { me } from './state.js';
import { dashboardPage } from './pages/dashboard.js';
import { templatesPage } from './pages/templates.js';
import { executePage } from './pages/execute.js';
import { jobPage } from './pages/job.js';
import { devicesPage, devicePage } from './pages/devices.js';
import { handlersPage } from './pages/handlers.js';

const NAV = [
  ['dashboard', 'Dashboard'],
  ['templates', 'Templates'],
  ['execute', 'Execute'],
  ['jobs', 'Jobs'],
  ['devices', 'Devices'],
  ['handlers', 'Handlers'],
];

const ROUTES = [
  [/^dashboard$/, () => dashboardPage()],
  [/^jobs$/, () => dashboardPage({ allJobs: true })],
  [/^templates$/, () => templatesPage()],
  [/^templates\/(new|\d+)$/, m => templatesPage(m[1])],
  [/^execute$/, (m, params) => executePage(params)],
  [/^jobs\/([0-9a-fA-F-]{36})$/, m => jobPage(m[1])],
  [/^devices$/, () => devicesPage()],
  [/^devices\/([0-9a-fA-F-]{36})$/, m => devicePage(m[1])],
  [/^handlers$/, () => handlersPage()],
  [/^handlers\/(new|[A-Za-z0-9][A-Za-z0-9._+-]{0,63})$/, m => handlersPage(m[1])],
];

const root = document.getElementById('app');
let leavePage = () => {};

function signInView(message) {
  const keyInput = h('input#api-key', {
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    placeholder: 'djk_…',
    'aria-label': 'API key',
  });
  const status = h('div.form-status');
  const form = h(
    'form.signin',
    {
      onsubmit: async event => {
        event.preventDefault();
        session.signIn(keyInput.value.trim());
        fill(status, notice('info', 'Checking the key…'));
        const error = await loadIdentity();
        if (error) {
          session.signOut();
          fill(status, notice('error', error));
        } else {
          startShell();
        }
      },
    },
    h('div.brand.large', h('span.logo'), 'device-jobs'),
    h('h1', 'Sign in'),
    h(
      'p.muted',
      'Paste an operator API key (djk_…). It is kept for this browser tab only and forgotten when the tab closes.',
    ),
    h('label', { for: 'api-key' }, 'API key'),
    keyInput,
    h('button#sign-in', { type: 'submit' }, 'Sign in'),
    status,
    h('p.muted', apiDocsLink()),
  );
  fill(root, h('main.signin-page', form));
  if (message) fill(status, notice('error', message));
  keyInput.focus();
}

/** The API documentation (Swagger UI on the contract), served by the same server. */
function apiDocsLink() {
  return h('a.api-docs-link', { href: 'api-docs/' }, 'API documentation');
}

/** Reads the key's identity; answers an error text or null. */
async function loadIdentity() {
  try {
    const who = await api.get('/auth/me');
    if (who.kind !== 'operator') return 'This is a device token. Sign in with an operator API key (djk_…).';
    me.role = who.role;
    me.name = who.name;
    return null;
  } catch (e) {
    return e.message;
  }
}

let content;
let liveBadge;

function startShell() {
  const nav = h(
    'nav.nav',
    NAV.map(([route, label]) => h('a', { href: '#/' + route, dataset: { route } }, label)),
  );
  liveBadge = h('span.live-badge#live-state', 'connecting');
  content = h('main.content#content');
  fill(
    root,
    h(
      'div.shell',
      h(
        'aside.sidebar',
        h('div.brand', h('span.logo'), 'device-jobs'),
        nav,
        h('div.sidebar-links', apiDocsLink()),
        h(
          'div.identity',
          h('div.who', me.name),
          h('div.role#role', { dataset: { role: me.role } }, me.role),
          h('button.link#sign-out', { type: 'button', onclick: signOut }, 'Sign out'),
        ),
      ),
      h('div.main', h('header.topbar', h('div#page-title.page-title'), liveBadge), content),
    ),
  );
  live.onState(state => {
    liveBadge.textContent = { live: 'live', connecting: 'connecting…', offline: 'reconnecting…', idle: 'off' }[state];
    liveBadge.dataset.state = state;
  });
  live.start();
  route();
}

function signOut() {
  content = null;
  leavePage();
  leavePage = () => {};
  live.stop();
  session.signOut();
  me.role = null;
  location.hash = '';
  signInView();
}

function route() {
  if (!content) return;
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, queryText] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(queryText || ''));
  const target = path || 'dashboard';
  leavePage();
  leavePage = () => {};
  for (const link of document.querySelectorAll('.nav a')) {
    link.classList.toggle('active', target === link.dataset.route || target.startsWith(link.dataset.route + '/'));
  }
  for (const [pattern, page] of ROUTES) {
    const match = target.match(pattern);
    if (match) {
      fill(content);
      content.scrollTop = 0;
      const view = page(match, params);
      fill(content, view.element);
      leavePage = view.leave || (() => {});
      return;
    }
  }
  document.getElementById('page-title').textContent = 'Not found';
  fill(content, notice('error', 'There is no page at this address.'));
}

whenUnauthorized(() => {
  if (!content) return;
  leavePage();
  leavePage = () => {};
  live.stop();
  session.signOut();
  content = null;
  signInView('Your API key is no longer accepted (revoked or wrong). Sign in again.');
});

window.addEventListener('hashchange', route);

(async function boot() {
  if (!session.key()) {
    signInView();
    return;
  }
  const error = await loadIdentity();
  if (error) {
    session.signOut();
    signInView(error);
  } else {
    startShell();
  }
})();
