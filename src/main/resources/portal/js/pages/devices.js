// Devices: the fleet with online state and groups; one device's job history with output, live, and a retry of a
// failed job on that device.
import { api, seg } from '../api.js';
import { live } from '../live.js';
import { h, fill, notice, badge, formatTime, relativeTime, onlineDot } from '../dom.js';
import { me, setTitle } from '../state.js';
import { outputView } from '../output.js';
import { PAGE_SIZE, pager, table, load, page } from '../widgets.js';

const RETRYABLE = new Set(['FAILED', 'TIMED_OUT', 'REJECTED', 'CANCELED']);

export function devicesPage() {
  setTitle('Devices');
  const listBox = h('div.card-body#device-list');
  const search = h('input', {
    type: 'search',
    name: 'search',
    placeholder: 'Search by name or uuid',
    'aria-label': 'Search devices',
  });
  const online = h(
    'select',
    { name: 'online', 'aria-label': 'Online state' },
    h('option', { value: '' }, 'online and offline'),
    h('option', { value: 'true' }, 'online'),
    h('option', { value: 'false' }, 'offline'),
  );
  const group = h('select', { name: 'group', 'aria-label': 'Group' }, h('option', { value: '' }, 'all groups'));
  let offset = 0;
  let timer = null;

  async function refresh() {
    await load(listBox, async () => {
      const query = search.value.trim();
      const answer = await api.get('/devices', {
        search: query,
        online: online.value,
        group: group.value,
        limit: PAGE_SIZE,
        offset,
      });
      listBox.dataset.query = query; // what the list shows answers this search
      fill(
        listBox,
        table(
          ['Device', 'State', 'Groups', 'Type', 'Last seen'],
          answer.devices.map(d =>
            h(
              'tr',
              { dataset: { device: d.uuid } },
              h('td', h('a', { href: '#/devices/' + seg(d.uuid) }, d.device_name), h('div.muted.small.mono', d.uuid)),
              h('td', onlineDot(d.is_online), d.is_active ? null : h('span.muted.small', ' inactive')),
              h(
                'td',
                d.groups.map(g => h('span.tag', g)),
              ),
              h('td', d.device_type || '—'),
              h('td', { title: formatTime(d.last_seen_at) }, d.last_seen_at ? relativeTime(d.last_seen_at) : 'never'),
            ),
          ),
          'No device matches.',
        ),
        pager(answer.total, PAGE_SIZE, offset, next => {
          offset = next;
          refresh();
        }),
      );
    });
  }

  const again = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      offset = 0;
      refresh();
    }, 250);
  };
  search.addEventListener('input', again);
  online.addEventListener('change', again);
  group.addEventListener('change', again);
  api
    .get('/groups')
    .then(({ groups }) =>
      group.append(...groups.map(g => h('option', { value: g.name }, `${g.name} (${g.device_count})`))),
    )
    .catch(() => {});
  refresh();
  return page(h('section.card', h('div.filters', search, online, group), listBox), () => clearTimeout(timer));
}

export function devicePage(uuid) {
  setTitle('Device');
  const header = h('section.card#device-summary');
  const historyBox = h('div.card-body#device-history');
  const status = h('div.form-status#device-status');
  const opened = new Set();
  let offset = 0;
  let timer = null;

  async function loadDevice() {
    await load(header, async () => {
      const { device } = await api.get('/devices/' + seg(uuid));
      setTitle('Device: ' + device.device_name);
      fill(
        header,
        h('div.card-title', h('h2', device.device_name), onlineDot(device.is_online)),
        h(
          'dl.facts-grid',
          h('dt', 'UUID'),
          h('dd.mono', device.uuid),
          h('dt', 'Groups'),
          h('dd', device.groups.length ? device.groups.map(g => h('span.tag', g)) : '—'),
          h('dt', 'Type'),
          h('dd', device.device_type || '—'),
          h('dt', 'Last seen'),
          h('dd', device.last_seen_at ? formatTime(device.last_seen_at) : 'never'),
          h('dt', 'Registered'),
          h('dd', formatTime(device.created_at)),
          h('dt', 'Active'),
          h('dd', device.is_active ? 'yes' : 'no (never targeted by new jobs)'),
        ),
        me.can('operator')
          ? h('a.button.small', { href: '#/execute?device=' + seg(uuid) }, 'Run a job on this device')
          : null,
      );
    });
  }

  async function loadHistory(quiet = false) {
    const work = async () => {
      const answer = await api.get('/devices/' + seg(uuid) + '/jobs', { limit: PAGE_SIZE, offset });
      const rows = [];
      for (const execution of answer.jobs) {
        const key = execution.job_id + ':' + execution.execution_number;
        const toggle = h('button.link.output-toggle', { type: 'button' }, opened.has(key) ? 'Hide output' : 'Output');
        const tr = h(
          'tr.history-row',
          { dataset: { job: execution.job_id, status: execution.status } },
          h('td', h('a', { href: '#/jobs/' + seg(execution.job_id) }, execution.job_name || execution.job_id)),
          h('td', badge(execution.status)),
          h('td', formatTime(execution.queued_at)),
          h('td', formatTime(execution.finished_at)),
          h(
            'td',
            toggle,
            ' ',
            RETRYABLE.has(execution.status) && me.can('operator')
              ? h('button.link.retry', { type: 'button', onclick: () => retry(execution) }, 'Retry')
              : null,
          ),
        );
        const output = h(
          'tr.output-row',
          { dataset: { outputOf: key } },
          h('td', { colSpan: 5 }, outputView(execution)),
        );
        output.hidden = !opened.has(key);
        toggle.addEventListener('click', () => {
          if (opened.has(key)) opened.delete(key);
          else opened.add(key);
          output.hidden = !opened.has(key);
          toggle.textContent = opened.has(key) ? 'Hide output' : 'Output';
        });
        rows.push(tr, output);
      }
      fill(
        historyBox,
        table(['Job', 'Status', 'Queued', 'Finished', ''], rows, 'This device has run no jobs yet.'),
        pager(answer.total, PAGE_SIZE, offset, next => {
          offset = next;
          loadHistory();
        }),
      );
    };
    if (quiet) await work().catch(() => {});
    else await load(historyBox, work);
  }

  async function retry(execution) {
    fill(status, notice('info', 'Creating the retry…'));
    try {
      const answer = await api.post('/jobs/executions/' + seg(execution.job_id) + '/rerun', { devices: [uuid] });
      location.hash = '#/jobs/' + seg(answer.job.job_id);
    } catch (e) {
      fill(status, notice('error', e.message));
    }
  }

  const unfollow = live.follow(
    { device_uuid: uuid },
    () => {
      clearTimeout(timer);
      timer = setTimeout(() => loadHistory(true), 250);
    },
    () => loadHistory(true),
  );
  loadDevice();
  loadHistory();
  return page(h('div', header, h('section.card', h('h2', 'Job history'), status, historyBox)), () => {
    unfollow();
    clearTimeout(timer);
  });
}
