// Handlers: the script library that runHandler steps use; each script with its SHA-256 (devices verify it).
import { api, seg } from '../api.js';
import { h, fill, notice, formatTime } from '../dom.js';
import { me, setTitle } from '../state.js';
import { load, page, field, markFieldErrors, errorNotice } from '../widgets.js';

export function handlersPage(selected) {
  setTitle('Handlers');
  const listBox = h('div.card-body#handler-list');
  const detailBox = h('div#handler-detail');

  load(listBox, async () => {
    const { handlers } = await api.get('/jobs/handlers');
    fill(
      listBox,
      me.can('admin') ? h('a.button.small#new-handler', { href: '#/handlers/new' }, 'New handler') : null,
      handlers.length === 0
        ? h('p.muted', 'No handlers yet.')
        : h(
            'ul.plain.handler-list',
            handlers.map(handler =>
              h(
                'li',
                { class: handler.name === selected ? 'selected' : '', dataset: { handler: handler.name } },
                h('a', { href: '#/handlers/' + seg(handler.name) }, handler.name),
                h(
                  'div.muted.small',
                  handler.script_type,
                  ' · ',
                  h('span.mono', { title: handler.script_sha256 }, handler.script_sha256.slice(0, 12) + '…'),
                  handler.is_active ? null : ' · inactive',
                ),
              ),
            ),
          ),
      h('p.muted.small', `${handlers.length} handler${handlers.length === 1 ? '' : 's'}`),
    );
  });

  if (selected === 'new')
    fill(detailBox, me.can('admin') ? createForm() : notice('error', 'Creating handlers needs the admin role.'));
  else if (selected) {
    load(detailBox, async () => {
      const { handler } = await api.get('/jobs/handlers/' + seg(selected));
      setTitle('Handler: ' + handler.name);
      fill(
        detailBox,
        h('h2', handler.name),
        handler.description ? h('p', handler.description) : null,
        h(
          'dl.facts-grid',
          h('dt', 'Type'),
          h('dd', handler.script_type),
          h('dt', 'SHA-256'),
          h('dd.mono#handler-sha', handler.script_sha256),
          h('dt', 'Active'),
          h('dd', handler.is_active ? 'yes' : 'no'),
          h('dt', 'Updated'),
          h('dd', formatTime(handler.updated_at)),
        ),
        h('pre.code.script#handler-script', handler.script),
      );
    });
  } else fill(detailBox, h('p.muted', 'Choose a handler to see its script.'));

  return page(
    h('div.split', h('section.card.list-pane', h('h2', 'Handlers'), listBox), h('section.card.detail-pane', detailBox)),
  );
}

function createForm() {
  setTitle('New handler');
  const name = h('input', {
    name: 'name',
    required: true,
    maxLength: 64,
    pattern: '[A-Za-z0-9][A-Za-z0-9._+\\-]{0,63}',
    autocomplete: 'off',
  });
  const type = h(
    'select',
    { name: 'script_type' },
    ['bash', 'sh', 'python3'].map(t => h('option', { value: t }, t)),
  );
  const description = h('input', { name: 'description', maxLength: 1000 });
  const script = h('textarea.code', { name: 'script', rows: 16, required: true, spellcheck: 'false', wrap: 'off' });
  script.value = '#!/bin/bash\nset -euo pipefail\n';
  const status = h('div.form-status#handler-status');
  const form = h(
    'form',
    {
      onsubmit: async event => {
        event.preventDefault();
        fill(status, notice('info', 'Saving…'));
        try {
          const { handler } = await api.post('/jobs/handlers', {
            name: name.value.trim(),
            script_type: type.value,
            description: description.value || null,
            script: script.value,
          });
          location.hash = '#/handlers/' + seg(handler.name);
        } catch (e) {
          fill(status, errorNotice(e, markFieldErrors(form, e.details || [])));
        }
      },
    },
    h('div.form-row', field('name', 'Name', name, 'letters, digits, . _ + -'), field('script_type', 'Type', type)),
    field('description', 'Description', description),
    field('script', 'Script', script),
    status,
    h('div.actions', h('button#create-handler', { type: 'submit' }, 'Create handler')),
  );
  return h('div', h('h2', 'New handler'), form);
}
