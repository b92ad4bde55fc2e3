// Execute: a template, its targets (devices, a group, or all), values for its placeholders, timeout and priority;
// a preview of the rendered document and the number of devices before anything is created.
import { api, seg, newIdempotencyKey } from '../api.js';
import { h, fill, notice, onlineDot } from '../dom.js';
import { setTitle } from '../state.js';
import { pager, load, page, field, markFieldErrors, errorNotice, roleNote } from '../widgets.js';

const CHOOSER_PAGE = 20;

/** Inputs for a template's placeholders, shaped by its parameter rules (enum: a list, default: filled in). */
export function parameterForm(template) {
  const rules = template.parameter_rules || {};
  const inputs = new Map();
  const fields = template.placeholders.map(name => {
    const rule = rules[name] || {};
    let input;
    if (Array.isArray(rule.enum)) {
      input = h(
        'select',
        { name: 'parameter-' + name },
        rule.enum.map(v => h('option', { value: v, selected: v === rule.default }, v)),
      );
    } else {
      input = h('input', {
        name: 'parameter-' + name,
        value: rule.default || '',
        required: rule.default === undefined,
        autocomplete: 'off',
        spellcheck: 'false',
      });
    }
    inputs.set(name, input);
    const hints = [
      rule.description,
      rule.pattern ? `must match ${rule.pattern}` : null,
      rule.default !== undefined ? `default: ${rule.default}` : null,
    ].filter(Boolean);
    return field('parameters/' + name, name, input, hints.join(' · '));
  });
  const element = h(
    'fieldset.parameters',
    h('legend', 'Parameters'),
    fields.length ? fields : h('p.muted', 'This template has no placeholders.'),
  );
  return {
    element,
    values: () => Object.fromEntries([...inputs.entries()].map(([name, input]) => [name, input.value])),
  };
}

/** One device from a searchable list (for a test run). */
export function deviceSelect() {
  const chooser = deviceChooser({ single: true });
  return { element: chooser.element, value: () => chooser.selected()[0] };
}

/** Searchable device list with online state; multi-select unless single. */
export function deviceChooser({ single = false } = {}) {
  const chosen = new Map(); // uuid -> device
  const search = h('input', {
    type: 'search',
    placeholder: 'Search by name or uuid',
    'aria-label': 'Search devices',
    name: 'device-search',
    autocomplete: 'off',
  });
  const onlineOnly = h('input', { type: 'checkbox', name: 'online-only' });
  const results = h('div.chooser-results');
  const chosenBox = h('div.chosen');
  let offset = 0;
  let timer = null;

  function renderChosen() {
    fill(
      chosenBox,
      chosen.size === 0
        ? h('span.muted', single ? 'No device chosen.' : 'No devices chosen.')
        : [...chosen.values()].map(d =>
            h(
              'span.token',
              { dataset: { uuid: d.uuid } },
              d.device_name,
              h(
                'button.link',
                {
                  type: 'button',
                  'aria-label': 'Remove ' + d.device_name,
                  onclick: () => {
                    chosen.delete(d.uuid);
                    renderChosen();
                    refresh();
                  },
                },
                '×',
              ),
            ),
          ),
    );
  }

  async function refresh() {
    await load(results, async () => {
      const query = search.value.trim();
      const answer = await api.get('/devices', {
        search: query,
        online: onlineOnly.checked ? 'true' : '',
        limit: CHOOSER_PAGE,
        offset,
      });
      results.dataset.query = query; // what the list shows answers this search
      fill(
        results,
        h(
          'ul.chooser',
          answer.devices.length === 0
            ? h('li.muted', 'No device matches.')
            : answer.devices.map(d => {
                const box = h('input', {
                  type: single ? 'radio' : 'checkbox',
                  name: 'device-choice',
                  value: d.uuid,
                  checked: chosen.has(d.uuid),
                  onchange: e => {
                    if (single) chosen.clear();
                    if (e.target.checked) chosen.set(d.uuid, d);
                    else chosen.delete(d.uuid);
                    renderChosen();
                  },
                });
                return h(
                  'li',
                  h(
                    'label',
                    { dataset: { device: d.device_name } },
                    box,
                    onlineDot(d.is_online),
                    h('span.name', d.device_name),
                    d.groups.length ? h('span.muted.small', d.groups.join(', ')) : null,
                  ),
                );
              }),
        ),
        pager(answer.total, CHOOSER_PAGE, offset, next => {
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
  onlineOnly.addEventListener('change', again);
  renderChosen();
  refresh();
  return {
    element: h(
      'div.chooser-box',
      h('div.chooser-bar', search, h('label.check', onlineOnly, ' online only')),
      chosenBox,
      results,
    ),
    selected: () => [...chosen.keys()],
    choose: device => {
      chosen.set(device.uuid, device);
      renderChosen();
      refresh();
    },
  };
}

export function executePage(params = {}) {
  setTitle('Execute a job');
  const note = roleNote('operator', 'Executing jobs');
  if (note) return page(h('section.card', h('h2', 'Execute a job'), note));
  const box = h('section.card.execute');
  load(box, async () => {
    const { templates } = await api.get('/jobs/templates', { active: 'true', limit: 1000 });
    const groups = (await api.get('/groups')).groups;
    fill(box, executeForm(templates, groups, params));
  });
  return page(box);
}

function executeForm(templates, groups, params) {
  const templateSelect = h(
    'select',
    { name: 'template_id', required: true },
    h('option', { value: '' }, 'Choose a template…'),
    templates.map(t =>
      h('option', { value: String(t.id), selected: String(t.id) === params.template }, `${t.category} / ${t.name}`),
    ),
  );
  const jobName = h('input', { name: 'job_name', required: true, maxLength: 200 });
  const timeout = h('input', { name: 'timeout_seconds', type: 'number', min: 1, max: 604800, value: 3600 });
  const priority = h('input', { name: 'priority', type: 'number', min: -1000, max: 1000, value: 0 });
  const parametersBox = h('div');
  const targetBox = h('div.target-box');
  const previewBox = h('div.preview#preview');
  const status = h('div.form-status#execute-status');
  const chooser = deviceChooser();
  const groupSelect = h(
    'select',
    { name: 'target_group' },
    groups.map(g => h('option', { value: g.name }, `${g.name} (${g.device_count} devices)`)),
  );
  let targetType = 'device';
  let parameters = null;

  const radios = [
    ['device', 'Devices'],
    ['group', 'A group'],
    ['all', 'All devices'],
  ].map(([value, label]) =>
    h(
      'label.check',
      h('input', {
        type: 'radio',
        name: 'target_type',
        value,
        checked: value === targetType,
        onchange: () => {
          targetType = value;
          showTarget();
          fill(previewBox);
        },
      }),
      ' ' + label,
    ),
  );

  function showTarget() {
    if (targetType === 'device') fill(targetBox, chooser.element);
    else if (targetType === 'group')
      fill(
        targetBox,
        groups.length ? field('target_groups', 'Group', groupSelect) : h('p.muted', 'There are no groups.'),
      );
    else fill(targetBox, h('p.hint', 'Every active device, including those registered before the job starts.'));
  }

  function chooseTemplate() {
    const template = templates.find(t => String(t.id) === templateSelect.value);
    fill(previewBox);
    if (!template) {
      fill(parametersBox);
      parameters = null;
      return;
    }
    jobName.value = template.name;
    parameters = parameterForm(template);
    fill(parametersBox, template.description ? h('p.muted', template.description) : null, parameters.element);
  }

  function body() {
    const request = {
      job_name: jobName.value.trim(),
      template_id: Number(templateSelect.value),
      parameters: parameters ? parameters.values() : {},
      target_type: targetType,
      timeout_seconds: Number(timeout.value),
      priority: Number(priority.value),
    };
    if (targetType === 'device') request.target_devices = chooser.selected();
    if (targetType === 'group') request.target_groups = [groupSelect.value];
    return request;
  }

  const form = h(
    'form.execute-form',
    {
      onsubmit: async event => {
        event.preventDefault();
        if (!templateSelect.value) {
          fill(status, notice('error', 'Choose a template.'));
          return;
        }
        if (targetType === 'device' && chooser.selected().length === 0) {
          fill(status, notice('error', 'Choose at least one device, or target a group or all devices.'));
          return;
        }
        const request = body();
        fill(status, notice('info', 'Rendering the preview…'));
        fill(previewBox);
        markFieldErrors(form, []);
        try {
          const preview = await api.post('/jobs/preview', request);
          fill(status);
          showPreview(request, preview);
        } catch (e) {
          fill(status, errorNotice(e, markFieldErrors(form, e.details || [])));
        }
      },
    },
    h('div.form-row', field('template_id', 'Template', templateSelect), field('job_name', 'Job name', jobName)),
    parametersBox,
    h('fieldset', h('legend', 'Targets'), h('div.radios', radios), targetBox),
    h(
      'div.form-row',
      field('timeout_seconds', 'Timeout (seconds)', timeout, 'a device that takes longer is TIMED_OUT'),
      field('priority', 'Priority', priority, 'higher runs first, -1000 to 1000'),
    ),
    status,
    h('div.actions', h('button#preview-job', { type: 'submit' }, 'Preview')),
    previewBox,
  );

  function showPreview(request, preview) {
    const idempotencyKey = newIdempotencyKey(); // a double click or a retry creates one job, not two
    const confirmStatus = h('div.form-status');
    const count = preview.target_count;
    fill(
      previewBox,
      h('h3', 'Preview'),
      h(
        'p.target-count#target-count',
        { dataset: { count } },
        count === 1 ? 'This job targets 1 device.' : `This job targets ${count} devices.`,
      ),
      h('pre.code#rendered-document', JSON.stringify(preview.job_document, null, 2)),
      confirmStatus,
      h(
        'div.actions',
        h(
          'button#confirm-execute',
          {
            type: 'button',
            disabled: count === 0,
            onclick: async e => {
              e.target.disabled = true;
              fill(confirmStatus, notice('info', 'Creating the job…'));
              try {
                const { job } = await api.post('/jobs/execute', request, { 'Idempotency-Key': idempotencyKey });
                location.hash = '#/jobs/' + seg(job.job_id);
              } catch (error) {
                e.target.disabled = false;
                fill(confirmStatus, errorNotice(error, error.details || []));
              }
            },
          },
          count === 1 ? 'Execute on 1 device' : `Execute on ${count} devices`,
        ),
        h('button.secondary', { type: 'button', onclick: () => fill(previewBox) }, 'Change'),
      ),
    );
    previewBox.scrollIntoView({ block: 'nearest' });
  }

  templateSelect.addEventListener('change', chooseTemplate);
  for (const input of [jobName, timeout, priority, groupSelect])
    input.addEventListener('input', () => fill(previewBox));
  parametersBox.addEventListener('input', () => fill(previewBox));
  targetBox.addEventListener('change', () => fill(previewBox));
  showTarget();
  chooseTemplate();
  if (params.device) {
    api
      .get('/devices/' + seg(params.device))
      .then(({ device }) => chooser.choose(device))
      .catch(() => {});
  }
  return h('div', h('h2', 'Execute a job'), form);
}
