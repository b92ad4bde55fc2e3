// Templates: the list by category, an editor (admin) whose JSON fields show the server's errors at their line,
// and "test on one device" (operator).
import { api, seg, newIdempotencyKey } from '../api.js';
import { h, fill, notice, formatTime, confirmAction } from '../dom.js';
import { me, setTitle } from '../state.js';
import { jsonEditor } from '../jsoneditor.js';
import { parameterForm, deviceSelect } from './execute.js';
import { pager, load, page, field, markFieldErrors, errorNotice, roleNote } from '../widgets.js';

const LIST_SIZE = 100;
const EXAMPLE = {
  version: '1.0',
  includeStdOut: true,
  steps: [{ name: 'restart', type: 'runCommand', input: { command: 'systemctl,restart,{{SERVICE_NAME}}' } }],
};

export function templatesPage(selected) {
  setTitle('Templates');
  const listBox = h('div.card-body#template-list');
  const editorBox = h('div#template-editor');
  let offset = 0;

  async function loadList() {
    await load(listBox, async () => {
      const result = await api.get('/jobs/templates', { limit: LIST_SIZE, offset });
      const byCategory = new Map();
      for (const template of result.templates) {
        if (!byCategory.has(template.category)) byCategory.set(template.category, []);
        byCategory.get(template.category).push(template);
      }
      fill(
        listBox,
        me.can('admin') ? h('a.button.small#new-template', { href: '#/templates/new' }, 'New template') : null,
        result.templates.length === 0 ? h('p.muted', 'No templates yet.') : null,
        [...byCategory.entries()].map(([category, list]) =>
          h(
            'div.category',
            h('h3', category),
            h(
              'ul.plain',
              list.map(t =>
                h(
                  'li',
                  { class: String(t.id) === selected ? 'selected' : '' },
                  h('a', { href: '#/templates/' + t.id, dataset: { template: t.name } }, t.name),
                  t.is_active ? null : h('span.muted.small', ' (inactive)'),
                ),
              ),
            ),
          ),
        ),
        pager(result.total, LIST_SIZE, offset, next => {
          offset = next;
          loadList();
        }),
      );
    });
  }

  const element = h(
    'div.split',
    h('section.card.list-pane', h('h2', 'Templates'), listBox),
    h('section.card.detail-pane', editorBox),
  );
  loadList();
  if (selected === 'new') {
    fill(editorBox, editor(null, loadList));
  } else if (selected) {
    load(editorBox, async () => {
      const { template } = await api.get('/jobs/templates/' + seg(selected));
      fill(editorBox, editor(template, loadList), testOnOneDevice(template));
    });
  } else {
    fill(editorBox, h('p.muted', 'Choose a template to see or edit it.'));
  }
  return page(element);
}

function editor(template, reloadList) {
  const editable = me.can('admin');
  const isNew = !template;
  setTitle(isNew ? 'New template' : 'Template: ' + template.name);
  const input = (name, value, attrs = {}) => h('input', { name, value: value || '', readOnly: !editable, ...attrs });
  const nameInput = input('name', template && template.name, { required: true, maxLength: 128 });
  const categoryInput = input('category', template ? template.category : 'custom', { maxLength: 32 });
  const descriptionInput = h('textarea', { name: 'description', rows: 2, readOnly: !editable, maxLength: 2000 });
  descriptionInput.value = (template && template.description) || '';
  const activeInput = h('input', {
    type: 'checkbox',
    name: 'is_active',
    checked: template ? template.is_active : true,
    disabled: !editable,
  });
  const documentEditor = jsonEditor('job_document', 'Job document', template ? template.job_document : EXAMPLE, {
    readOnly: !editable,
    rows: 18,
  });
  const rulesEditor = jsonEditor('parameter_rules', 'Parameter rules', (template && template.parameter_rules) || {}, {
    readOnly: !editable,
    rows: 5,
  });
  const status = h('div.form-status#template-status');

  const form = h('form.editor-form', {
    onsubmit: async event => {
      event.preventDefault();
      documentEditor.clearErrors();
      rulesEditor.clearErrors();
      let body;
      try {
        body = {
          name: nameInput.value,
          category: categoryInput.value,
          description: descriptionInput.value || null,
          is_active: activeInput.checked,
          job_document: documentEditor.read(),
          parameter_rules: rulesEditor.read(),
        };
      } catch (e) {
        fill(status, notice('error', e.message));
        return;
      }
      fill(status, notice('info', 'Saving…'));
      try {
        const saved = isNew
          ? await api.post('/jobs/templates', body)
          : await api.put('/jobs/templates/' + seg(template.id), body);
        fill(status, notice('success', 'Saved.'));
        if (isNew) location.hash = '#/templates/' + saved.template.id;
        else {
          documentEditor.setValue(saved.template.job_document);
          fill(placeholderNote, placeholdersOf(saved.template));
          reloadList();
        }
      } catch (e) {
        const details = e.details || [];
        documentEditor.showServerErrors(details);
        rulesEditor.showServerErrors(details);
        const rest = markFieldErrors(
          form,
          details.filter(d => !/^\/(job_document|parameter_rules)(\/|$)/.test(d.pointer)),
        );
        fill(status, errorNotice(e, rest));
      }
    },
  });
  const placeholderNote = h('div.placeholders', template ? placeholdersOf(template) : null);
  fill(
    form,
    h(
      'div.form-row',
      field('name', 'Name', nameInput),
      field('category', 'Category', categoryInput, 'lower case letters, digits, - and _'),
    ),
    field('description', 'Description', descriptionInput),
    h('label.check', activeInput, ' Active (can be executed)'),
    placeholderNote,
    documentEditor.element,
    rulesEditor.element,
    h(
      'p.hint',
      'Placeholders are written {{NAME}}. Rules per placeholder: {"NAME": {"pattern": "…", "enum": […], "default": "…", "description": "…"}}.',
    ),
    status,
    editable
      ? h(
          'div.actions',
          h('button#save-template', { type: 'submit' }, isNew ? 'Create template' : 'Save changes'),
          isNew
            ? null
            : h('button.danger#delete-template', { type: 'button', onclick: () => remove(template, status) }, 'Delete'),
        )
      : roleNote('admin', 'Changing templates'),
  );
  return h(
    'div',
    h('h2', isNew ? 'New template' : template.name),
    template ? h('p.muted.small', `#${template.id} · updated ${formatTime(template.updated_at)}`) : null,
    form,
  );
}

function placeholdersOf(template) {
  return template.placeholders.length === 0
    ? h('span.muted', 'No placeholders.')
    : ['Placeholders: ', template.placeholders.map(name => h('code.placeholder', name))];
}

async function remove(template, status) {
  if (
    !(await confirmAction(`Delete the template "${template.name}"? Jobs made from it keep their own copy.`, 'Delete'))
  )
    return;
  try {
    await api.del('/jobs/templates/' + seg(template.id));
    location.hash = '#/templates';
  } catch (e) {
    fill(status, notice('error', e.message));
  }
}

/** Runs the template on one device, to try it before a fleet-wide run. */
function testOnOneDevice(template) {
  const note = roleNote('operator', 'Running a test');
  if (note) return h('section.test-run', h('h3', 'Test on one device'), note);
  const parameters = parameterForm(template);
  const devices = deviceSelect();
  const status = h('div.form-status');
  const form = h(
    'form.test-run#test-run',
    {
      onsubmit: async event => {
        event.preventDefault();
        if (!devices.value()) {
          fill(status, notice('error', 'Choose a device.'));
          return;
        }
        fill(status, notice('info', 'Starting…'));
        try {
          const { job } = await api.post(
            '/jobs/execute',
            {
              job_name: 'test: ' + template.name,
              template_id: template.id,
              parameters: parameters.values(),
              target_type: 'device',
              target_devices: [devices.value()],
            },
            { 'Idempotency-Key': newIdempotencyKey() },
          );
          location.hash = '#/jobs/' + job.job_id;
        } catch (e) {
          fill(status, errorNotice(e, markFieldErrors(form, e.details || [])));
        }
      },
    },
    h('h3', 'Test on one device'),
    devices.element,
    parameters.element,
    status,
    h('div.actions', h('button.secondary#run-test', { type: 'submit' }, 'Run test')),
  );
  return form;
}
