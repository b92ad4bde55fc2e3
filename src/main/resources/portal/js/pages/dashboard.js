// Dashboard: active jobs and the state of the fleet's work, live over the WebSocket (no polling); the "Jobs"
// page is the same view with the full, paginated list of jobs.
import { api, seg } from '../api.js';
import { live } from '../live.js';
import { h, fill, notice, badge, formatTime, relativeTime, shortId } from '../dom.js';
import { setTitle } from '../state.js';
import { outcomeChart, hourlyBuckets } from '../chart.js';
import { PAGE_SIZE, pager, table, load, page, countsOf, applyProgress, progressBar, countChips } from '../widgets.js';

const JOB_STATUSES = ['QUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'CANCELED'];
const ACTIVE = new Set(['QUEUED', 'IN_PROGRESS']);
const ACTIVITY_LIMIT = 12;

export function dashboardPage({ allJobs = false } = {}) {
  setTitle(allJobs ? 'Jobs' : 'Dashboard');
  const filters = { status: '', template_id: '', device_uuid: '' };
  const jobs = new Map(); // job_id -> Job, every job shown anywhere on the page
  const deviceNames = new Map();
  let listOffset = 0;
  let reloadTimer = null;
  let renderQueued = false;

  const tiles = h('div.tiles');
  const activeBox = h('div.card-body#active-jobs');
  const chartBox = h('div.card-body.chart-box#outcome-chart');
  const recentBox = h('div.card-body#recent-jobs');
  const activityList = h('ol.activity#activity');
  const filterBar = h('form.filters', { onsubmit: e => e.preventDefault() });

  const element = h(
    'div.dashboard',
    filterBar,
    allJobs ? null : tiles,
    allJobs
      ? null
      : h(
          'div.grid-2',
          h('section.card', h('h2', 'Active jobs'), activeBox),
          h('section.card', h('h2', 'Outcomes, last 24 hours'), chartBox),
        ),
    h(
      'div',
      { class: allJobs ? '' : 'grid-2 wide-left' },
      h('section.card', h('h2', allJobs ? 'All jobs' : 'Recent jobs'), recentBox),
      allJobs
        ? null
        : h(
            'section.card',
            h('h2', 'Live activity'),
            h('div.card-body', activityList, h('p.muted.small', 'Device status changes as they happen.')),
          ),
    ),
  );

  function select(name, label, options) {
    return h(
      'label.filter',
      label,
      h(
        'select',
        {
          name,
          'aria-label': label,
          onchange: e => {
            filters[name] = e.target.value;
            listOffset = 0;
            reload();
          },
        },
        h('option', { value: '' }, 'any'),
        options.map(([value, text]) => h('option', { value }, text)),
      ),
    );
  }

  async function loadFilters() {
    const [templates, devices] = await Promise.all([
      api.get('/jobs/templates', { limit: 1000 }),
      api.get('/devices', { limit: 1000 }),
    ]);
    for (const device of devices.devices) deviceNames.set(device.uuid, device.device_name);
    fill(
      filterBar,
      select(
        'status',
        'Status',
        JOB_STATUSES.map(s => [s, s]),
      ),
      select(
        'template_id',
        'Template',
        templates.templates.map(t => [String(t.id), t.name]),
      ),
      select(
        'device_uuid',
        'Device',
        devices.devices.map(d => [d.uuid, d.device_name]),
      ),
    );
  }

  function listParams(extra) {
    return { template_id: filters.template_id, device_uuid: filters.device_uuid, ...extra };
  }

  async function reload() {
    jobs.clear();
    if (!allJobs) {
      load(activeBox, async () => {
        const wanted = filters.status ? [filters.status].filter(s => ACTIVE.has(s)) : ['IN_PROGRESS', 'QUEUED'];
        const pages = await Promise.all(
          wanted.map(status => api.get('/jobs/executions', listParams({ status, limit: 50 }))),
        );
        for (const p of pages) for (const job of p.executions) jobs.set(job.job_id, job);
        renderActive();
      });
      load(chartBox, async () => {
        const since = new Date(Date.now() - 24 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
        const recent = await api.get(
          '/jobs/executions',
          listParams({ status: filters.status, created_after: since, limit: 1000 }),
        );
        for (const job of recent.executions) jobs.set(job.job_id, job);
        renderChart();
        renderTiles();
      });
    }
    load(recentBox, async () => {
      const recent = await api.get(
        '/jobs/executions',
        listParams({ status: filters.status, limit: allJobs ? PAGE_SIZE : 10, offset: listOffset }),
      );
      for (const job of recent.executions) jobs.set(job.job_id, job);
      recentBox.dataset.ids = recent.executions.map(j => j.job_id).join(',');
      recentBox.dataset.total = recent.total;
      renderRecent();
    });
  }

  function jobLink(job) {
    return h('a', { href: '#/jobs/' + seg(job.job_id), dataset: { job: job.job_id } }, job.job_name);
  }

  function renderActive() {
    const active = [...jobs.values()]
      .filter(j => ACTIVE.has(j.status))
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    fill(
      activeBox,
      active.length === 0
        ? h('p.muted', 'No job is queued or running.')
        : h(
            'ul.job-list',
            active.map(job =>
              h(
                'li.job-row',
                { dataset: { job: job.job_id, status: job.status } },
                h('div.job-head', jobLink(job), badge(job.status)),
                h('div.muted.small', (job.template_name || 'inline document') + ' · ' + relativeTime(job.created_at)),
                progressBar(countsOf(job)),
                countChips(countsOf(job)),
              ),
            ),
          ),
    );
  }

  function renderChart() {
    fill(
      chartBox,
      outcomeChart(hourlyBuckets([...jobs.values()])),
      h(
        'div.legend',
        h('span.key.ok', 'succeeded'),
        h('span.key.failed', 'failed, timed out, rejected'),
        h('span.key.rate', 'success rate'),
      ),
    );
  }

  function renderTiles() {
    const all = [...jobs.values()];
    const sum = (list, field) => list.reduce((total, job) => total + (job[field] || 0), 0);
    const since = Date.now() - 24 * 3600_000;
    const today = all.filter(j => new Date(j.created_at).getTime() >= since);
    const failed = sum(today, 'failed_count') + sum(today, 'timed_out_count') + sum(today, 'rejected_count');
    const succeeded = sum(today, 'succeeded_count');
    const rate = succeeded + failed ? Math.round((100 * succeeded) / (succeeded + failed)) + '%' : '—';
    fill(
      tiles,
      tile('Active jobs', all.filter(j => ACTIVE.has(j.status)).length, 'active'),
      tile(
        'Devices running',
        sum(
          all.filter(j => ACTIVE.has(j.status)),
          'in_progress_count',
        ),
        'running',
      ),
      tile(
        'Devices waiting',
        sum(
          all.filter(j => ACTIVE.has(j.status)),
          'queued_count',
        ),
        'waiting',
      ),
      tile('Succeeded (24 h)', succeeded, 'succeeded'),
      tile('Failed (24 h)', failed, 'failed'),
      tile('Success rate (24 h)', rate, 'rate'),
    );
  }

  function tile(label, value, name) {
    return h('div.tile', { dataset: { tile: name } }, h('div.tile-value', String(value)), h('div.tile-label', label));
  }

  function renderRecent() {
    const ids = (recentBox.dataset.ids || '').split(',').filter(Boolean);
    const shown = ids.map(id => jobs.get(id)).filter(Boolean);
    const total = Number(recentBox.dataset.total || 0);
    if (allJobs) {
      fill(
        recentBox,
        table(
          ['Job', 'Status', 'Template', 'Progress', 'Created'],
          shown.map(job =>
            h(
              'tr',
              { dataset: { job: job.job_id } },
              h('td', jobLink(job)),
              h('td', badge(job.status)),
              h('td', job.template_name || '—'),
              h('td', progressBar(countsOf(job))),
              h('td', formatTime(job.created_at)),
            ),
          ),
        ),
        pager(total, PAGE_SIZE, listOffset, offset => {
          listOffset = offset;
          reload();
        }),
      );
      return;
    }
    fill(
      recentBox,
      shown.length === 0
        ? h('p.muted', 'No jobs match.')
        : h(
            'ol.timeline',
            shown.map(job =>
              h(
                'li',
                { dataset: { job: job.job_id } },
                h(
                  'time',
                  { dateTime: job.created_at, title: formatTime(job.created_at) },
                  relativeTime(job.created_at),
                ),
                h('div.timeline-body', h('div.job-head', jobLink(job), badge(job.status)), countChips(countsOf(job))),
              ),
            ),
          ),
      h('a.more', { href: '#/jobs' }, 'All jobs ›'),
    );
  }

  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      if (!allJobs) {
        renderActive();
        renderChart();
        renderTiles();
      }
      renderRecent();
    });
  }

  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(reload, 300);
  }

  function onEvent(frame) {
    if (frame.type === 'job:status') {
      if (!allJobs) addActivity(frame);
      return;
    }
    const job = jobs.get(frame.job_id);
    if (job) {
      applyProgress(job, frame);
      scheduleRender();
    } else {
      reloadSoon(); // a job this page has not seen: the lists (with their filters) decide where it belongs
    }
  }

  function addActivity(frame) {
    const job = jobs.get(frame.job_id);
    const device = deviceNames.get(frame.device_uuid) || shortId(frame.device_uuid);
    activityList.prepend(
      h(
        'li',
        { dataset: { status: frame.status } },
        h(
          'time',
          { dateTime: frame.timestamp },
          new Date(frame.timestamp).toLocaleTimeString(undefined, { hourCycle: 'h23' }),
        ),
        h('a', { href: '#/devices/' + seg(frame.device_uuid) }, device),
        ' ',
        badge(frame.status),
        ' ',
        h('a.muted', { href: '#/jobs/' + seg(frame.job_id) }, job ? job.job_name : 'job ' + shortId(frame.job_id)),
      ),
    );
    while (activityList.children.length > ACTIVITY_LIMIT) activityList.lastChild.remove();
  }

  const unfollow = live.follow({ all: true }, onEvent, reload);
  loadFilters()
    .catch(e => fill(filterBar, notice('error', 'Filters unavailable: ' + e.message)))
    .finally(reload);
  return page(element, () => {
    unfollow();
    clearTimeout(reloadTimer);
  });
}
