// Pieces the pages share: a pager, tables, loading and error states, a role note.
import { h, fill, notice } from './dom.js';
import { me } from './state.js';

export const PAGE_SIZE = 25;

/** "1–25 of 80" with previous/next buttons; onPage(offset). */
export function pager(total, limit, offset, onPage) {
  if (total <= limit && offset === 0) return h('div.pager', total === 1 ? '1 item' : `${total} items`);
  const last = Math.min(offset + limit, total);
  return h(
    'div.pager',
    h(
      'button.secondary.small',
      {
        type: 'button',
        disabled: offset === 0,
        dataset: { page: 'previous' },
        onclick: () => onPage(Math.max(0, offset - limit)),
      },
      '‹ Previous',
    ),
    h('span', `${total === 0 ? 0 : offset + 1}–${last} of ${total}`),
    h(
      'button.secondary.small',
      { type: 'button', disabled: last >= total, dataset: { page: 'next' }, onclick: () => onPage(offset + limit) },
      'Next ›',
    ),
  );
}

/** A table: columns is a list of header texts; rows are <tr> elements (or an empty text). */
export function table(columns, rows, emptyText = 'Nothing here yet.') {
  return h(
    'table.data',
    h(
      'thead',
      h(
        'tr',
        columns.map(c => h('th', c)),
      ),
    ),
    h('tbody', rows.length ? rows : h('tr.empty', h('td', { colSpan: columns.length }, emptyText))),
  );
}

/** Runs an async load into a container: a loading note first, the error in words if it fails. */
export async function load(container, work) {
  fill(container, h('div.loading', 'Loading…'));
  try {
    await work();
  } catch (e) {
    fill(container, notice('error', e.message || String(e)));
  }
}

/** Shows the outcome of an action in a status element: the error in words, or a success text. */
export async function act(status, work, successText) {
  fill(status, notice('info', 'Working…'));
  try {
    const result = await work();
    fill(status, successText ? notice('success', successText) : '');
    return result;
  } catch (e) {
    fill(status, notice('error', e.message || String(e)));
    return undefined;
  }
}

/** Null when the role may act; otherwise a short explanation to show instead of the controls. */
export function roleNote(role, what) {
  return me.can(role) ? null : h('p.role-note', `${what} needs the ${role} role; you are signed in as ${me.role}.`);
}

/** A page: its root element and what to do when leaving it (unsubscribe, stop timers). */
export function page(element, leave) {
  return { element, leave };
}

/** Counts of a job (from the Job schema) as the progress frame's counts object. */
export function countsOf(job) {
  return {
    queued: job.queued_count || 0,
    in_progress: job.in_progress_count || 0,
    succeeded: job.succeeded_count || 0,
    failed: job.failed_count || 0,
    timed_out: job.timed_out_count || 0,
    rejected: job.rejected_count || 0,
    canceled: job.canceled_count || 0,
    removed: job.removed_count || 0,
    total: job.total_devices || 0,
  };
}

/** Applies a job:progress frame to a Job object. */
export function applyProgress(job, frame) {
  job.status = frame.status;
  for (const [name, value] of Object.entries(frame.counts || {})) {
    if (name === 'total') job.total_devices = value;
    else job[name + '_count'] = value;
  }
}

const SEGMENTS = ['succeeded', 'failed', 'timed_out', 'rejected', 'canceled', 'removed', 'in_progress', 'queued'];

/** A stacked bar of a job's counts, with the finished share as text. */
export function progressBar(counts) {
  const total = counts.total || 0;
  const bar = h('div.progress', { role: 'img' });
  for (const name of SEGMENTS) {
    const value = counts[name] || 0;
    if (value > 0 && total > 0) {
      bar.append(h('span', { class: 'seg-' + name, title: `${name.replace('_', ' ')}: ${value}` }));
      bar.lastChild.style.width = (100 * value) / total + '%';
    }
  }
  const done = total - (counts.queued || 0) - (counts.in_progress || 0);
  bar.setAttribute('aria-label', `${done} of ${total} finished`);
  return h('div.progress-wrap', bar, h('span.progress-text', `${done}/${total}`));
}

/** Counts as small labelled numbers, the non-zero ones. */
export function countChips(counts) {
  return h(
    'div.chips',
    SEGMENTS.filter(name => counts[name]).map(name =>
      h('span.chip', { class: 'seg-' + name, dataset: { count: name } }, `${name.replace('_', ' ')} ${counts[name]}`),
    ),
  );
}

/** A labelled form field with a place for its error: data-field is the body's field name (its JSON pointer). */
export function field(name, label, input, hint) {
  if (!input.id) input.id = 'field-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
  return h(
    'div.field',
    { dataset: { field: name } },
    h('label', { for: input.id }, label),
    input,
    hint ? h('div.hint', hint) : null,
    h('div.field-error', { role: 'alert' }),
  );
}

/** Puts each detail whose pointer names a field (/name, /parameters/X) under that field; answers the rest. */
export function markFieldErrors(container, details) {
  for (const error of container.querySelectorAll('.field-error')) error.textContent = '';
  const unplaced = [];
  for (const detail of details) {
    const pointer = String(detail.pointer || '');
    const name = pointer.replace(/^\//, '');
    const target = [...container.querySelectorAll('.field')].find(f => f.dataset.field === name);
    if (target) target.querySelector('.field-error').textContent = detail.message;
    else unplaced.push(detail);
  }
  return unplaced;
}

/** The error's message, with the details no field showed. */
export function errorNotice(error, unplaced = []) {
  return h(
    'div.notice.error',
    { role: 'alert' },
    error.message,
    unplaced.length
      ? h(
          'ul',
          unplaced.map(d => h('li', d.pointer ? h('code', d.pointer) : null, ' ', d.message)),
        )
      : null,
  );
}
