// Job detail: the job's counts and per-device rows, updated live; output per device; cancel, force-cancel and
// rerun on the failed devices.
import { api, seg } from '../api.js';
import { live } from '../live.js';
import { h, fill, notice, badge, formatTime, confirmAction } from '../dom.js';
import { me, setTitle } from '../state.js';
import { outputView } from '../output.js';
import {
  PAGE_SIZE,
  pager,
  table,
  load,
  page,
  countsOf,
  applyProgress,
  progressBar,
  countChips,
  roleNote,
} from '../widgets.js';

const EXECUTION_STATUSES = [
  'QUEUED',
  'IN_PROGRESS',
  'SUCCEEDED',
  'FAILED',
  'TIMED_OUT',
  'REJECTED',
  'CANCELED',
  'REMOVED',
];
const FINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'REJECTED', 'CANCELED', 'REMOVED']);

export function jobPage(jobId) {
  setTitle('Job');
  let job = null;
  let rows = new Map(); // device_uuid -> {execution, tr}
  let offset = 0;
  let statusFilter = '';
  let refreshTimer = null;
  const opened = new Set();

  const summary = h('section.card#job-summary');
  const actionsStatus = h('div.form-status#job-actions-status');
  const devicesBox = h('div.card-body#job-devices');
  const filter = h(
    'select',
    {
      name: 'status',
      'aria-label': 'Device status',
      onchange: e => {
        statusFilter = e.target.value;
        offset = 0;
        loadDevices();
      },
    },
    h('option', { value: '' }, 'all statuses'),
    EXECUTION_STATUSES.map(s => h('option', { value: s }, s)),
  );
  const documentBox = h('details.card.document');
  const element = h(
    'div.job-page',
    summary,
    documentBox,
    h('section.card', h('div.card-title', h('h2', 'Devices'), h('label.filter', 'Show ', filter)), devicesBox),
  );

  async function loadAll() {
    await load(summary, async () => {
      await loadDevices(true);
    });
  }

  async function loadDevices(withSummary = false) {
    const work = async () => {
      const answer = await api.get('/jobs/executions/' + seg(jobId), {
        status: statusFilter,
        limit: PAGE_SIZE,
        offset,
      });
      job = answer.job;
      renderSummary();
      renderDevices(answer);
    };
    if (withSummary) await work();
    else await load(devicesBox, work);
  }

  function renderSummary() {
    setTitle('Job: ' + job.job_name);
    const counts = countsOf(job);
    const canAct = me.can('operator');
    const active = job.status === 'QUEUED' || job.status === 'IN_PROGRESS';
    const failed = counts.failed + counts.timed_out + counts.rejected;
    fill(
      summary,
      h('div.card-title', h('h2', job.job_name), h('span#job-status', badge(job.status))),
      h(
        'dl.facts-grid',
        fact('Template', job.template_name || 'inline document'),
        fact(
          'Targets',
          job.target_type === 'all'
            ? 'all devices'
            : job.target_type === 'group'
              ? 'groups: ' + (job.target_groups || []).join(', ')
              : `${job.total_devices} chosen devices`,
        ),
        fact('Created', formatTime(job.created_at) + (job.created_by ? ' by ' + job.created_by : '')),
        fact('Timeout', `${job.timeout_seconds} s`),
        fact('Priority', job.priority),
        job.completed_at ? fact('Completed', formatTime(job.completed_at)) : null,
        job.canceled_at
          ? fact('Canceled', formatTime(job.canceled_at) + (job.cancel_reason ? ': ' + job.cancel_reason : ''))
          : null,
        job.rerun_of ? fact('Rerun of', h('a', { href: '#/jobs/' + seg(job.rerun_of) }, job.rerun_of)) : null,
        Object.keys(job.parameters || {}).length
          ? fact(
              'Parameters',
              Object.entries(job.parameters).map(([k, v]) => h('code.param', `${k}=${v}`)),
            )
          : null,
      ),
      progressBar(counts),
      countChips(counts),
      canAct
        ? h(
            'div.actions',
            h(
              'button.secondary#cancel-job',
              {
                type: 'button',
                disabled: !active,
                onclick: () => cancel(false),
                title: 'Cancel the executions that have not started',
              },
              'Cancel',
            ),
            h(
              'button.danger#force-cancel-job',
              {
                type: 'button',
                disabled: counts.queued + counts.in_progress === 0,
                onclick: () => cancel(true),
                title: 'Also cancel executions that are running',
              },
              'Force cancel',
            ),
            h(
              'button.secondary#rerun-failed',
              { type: 'button', disabled: failed === 0 || active, onclick: rerunFailed },
              failed ? `Rerun on ${failed} failed device${failed === 1 ? '' : 's'}` : 'Rerun failed',
            ),
          )
        : roleNote('operator', 'Canceling or rerunning'),
      actionsStatus,
    );
    if (!documentBox.firstChild) {
      fill(documentBox, h('summary', 'Job document'), h('pre.code', JSON.stringify(job.job_document, null, 2)));
    }
  }

  function fact(label, value) {
    return [h('dt', label), h('dd', value)];
  }

  function renderDevices(answer) {
    rows = new Map();
    const trs = [];
    for (const execution of answer.device_statuses) {
      const tr = h('tr.device-row', { dataset: { device: execution.device_uuid, name: execution.device_name || '' } });
      rows.set(execution.device_uuid, { execution, tr });
      renderRow(execution.device_uuid);
      trs.push(tr);
      if (opened.has(execution.device_uuid)) trs.push(outputRow(execution));
    }
    fill(
      devicesBox,
      table(['Device', 'Status', 'Run', 'Started', 'Finished', 'Exit', ''], trs, 'No device matches.'),
      pager(answer.device_statuses_total, PAGE_SIZE, offset, next => {
        offset = next;
        loadDevices();
      }),
    );
  }

  function renderRow(uuid) {
    const { execution, tr } = rows.get(uuid);
    tr.dataset.status = execution.status;
    fill(
      tr,
      h('td', h('a', { href: '#/devices/' + seg(uuid) }, execution.device_name || uuid)),
      h('td.status-cell', badge(execution.status)),
      h('td', '#' + execution.execution_number),
      h('td', formatTime(execution.started_at)),
      h('td', formatTime(execution.finished_at)),
      h('td', execution.exit_code === null || execution.exit_code === undefined ? '—' : String(execution.exit_code)),
      h(
        'td',
        h(
          'button.link.output-toggle',
          { type: 'button', onclick: () => toggleOutput(uuid) },
          opened.has(uuid) ? 'Hide output' : 'Output',
        ),
      ),
    );
  }

  function outputRow(execution) {
    return h(
      'tr.output-row',
      { dataset: { outputOf: execution.device_uuid } },
      h('td', { colSpan: 7 }, outputView(execution)),
    );
  }

  function toggleOutput(uuid) {
    const { execution, tr } = rows.get(uuid);
    if (opened.has(uuid)) {
      opened.delete(uuid);
      if (tr.nextSibling && tr.nextSibling.classList.contains('output-row')) tr.nextSibling.remove();
    } else {
      opened.add(uuid);
      tr.after(outputRow(execution));
    }
    renderRow(uuid);
  }

  async function cancel(force) {
    const question = force
      ? 'Force cancel this job? Executions that are running are canceled too; their devices can no longer report on them.'
      : 'Cancel this job? Executions that have not started are canceled; running ones finish.';
    if (!(await confirmAction(question, force ? 'Force cancel' : 'Cancel job'))) return;
    fill(actionsStatus, notice('info', 'Canceling…'));
    try {
      const answer = await api.post('/jobs/executions/' + seg(jobId) + '/cancel', {
        force,
        reason: 'canceled in the portal by ' + me.name,
      });
      fill(actionsStatus, notice('success', answer.message));
    } catch (e) {
      fill(actionsStatus, notice('error', e.message));
    }
  }

  async function rerunFailed() {
    fill(actionsStatus, notice('info', 'Creating the rerun…'));
    try {
      const answer = await api.post('/jobs/executions/' + seg(jobId) + '/rerun', { devices: 'failed' });
      location.hash = '#/jobs/' + seg(answer.job.job_id);
    } catch (e) {
      fill(actionsStatus, notice('error', e.message));
    }
  }

  function onEvent(frame) {
    if (!job) return;
    if (frame.type === 'job:progress') {
      applyProgress(job, frame);
      if (frame.status === 'CANCELED' && !job.canceled_at) job.canceled_at = frame.timestamp;
      renderSummary();
      return;
    }
    const row = rows.get(frame.device_uuid);
    if (row) {
      row.execution.status = frame.status;
      row.execution.version_number = frame.version_number;
      renderRow(frame.device_uuid);
    }
    // Output, exit codes and rows entering or leaving a status filter come from the API, once things settle.
    if (FINAL.has(frame.status) || statusFilter) refreshSoon();
  }

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => loadDevices(true).catch(() => {}), 250);
  }

  const unfollow = live.follow({ job_id: jobId }, onEvent, loadAll);
  loadAll();
  return page(element, () => {
    unfollow();
    clearTimeout(refreshTimer);
  });
}
