// A JSON text editor with line numbers that puts the server's validation errors (JSON pointers) on the lines they
// point at.
import { h, fill } from './dom.js';

/** Pretty-prints like JSON.stringify(value, null, 2) and records the line (1-based) of every JSON pointer. */
export function layout(value) {
  const lines = [];
  const where = new Map();
  function emit(node, pointer, indent, prefix, suffix) {
    where.set(pointer, lines.length + 1);
    const isArray = Array.isArray(node);
    const entries =
      node && typeof node === 'object' ? (isArray ? node.map((v, i) => [String(i), v]) : Object.entries(node)) : [];
    if (entries.length === 0) {
      lines.push(indent + prefix + JSON.stringify(node) + suffix);
      return;
    }
    lines.push(indent + prefix + (isArray ? '[' : '{'));
    entries.forEach(([key, child], i) =>
      emit(
        child,
        pointer + '/' + escapeToken(key),
        indent + '  ',
        isArray ? '' : JSON.stringify(key) + ': ',
        i < entries.length - 1 ? ',' : '',
      ),
    );
    lines.push(indent + (isArray ? ']' : '}') + suffix);
  }
  emit(value, '', '', '', '');
  return { text: lines.join('\n'), where };
}

function escapeToken(token) {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The line of a pointer, or of its nearest ancestor that exists (a missing property points at its object). */
export function lineOf(where, pointer) {
  let current = pointer;
  while (current && !where.has(current)) current = current.slice(0, current.lastIndexOf('/'));
  return where.get(current) || 1;
}

/**
 * name: the field's name in the request body (job_document); errors whose pointer starts with /name land here.
 */
export function jsonEditor(name, label, value, { readOnly = false, rows = 16 } = {}) {
  const area = h('textarea.code', {
    name,
    rows,
    spellcheck: 'false',
    autocomplete: 'off',
    readOnly,
    'aria-label': label,
    wrap: 'off',
  });
  const gutter = h('div.gutter', { 'aria-hidden': 'true' });
  const errors = h('ul.json-errors', { dataset: { errorsFor: name } });
  let marked = new Map();

  function renderGutter() {
    const count = area.value.split('\n').length;
    const numbers = [];
    for (let line = 1; line <= count; line++) {
      numbers.push(h('div', { class: marked.has(line) ? 'bad' : '', title: marked.get(line) || '' }, String(line)));
    }
    fill(gutter, numbers);
    gutter.scrollTop = area.scrollTop;
  }

  function setValue(next) {
    area.value = layout(next === undefined ? {} : next).text;
    clearErrors();
  }

  function clearErrors() {
    marked = new Map();
    fill(errors);
    renderGutter();
  }

  function selectLine(line) {
    const lines = area.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, text) => n + text.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[line - 1] || '').length);
    area.scrollTop = Math.max(0, (line - 4) * parseFloat(getComputedStyle(area).lineHeight || '18'));
  }

  /** The parsed value; on a syntax error shows it and throws. */
  function read() {
    try {
      return JSON.parse(area.value);
    } catch (e) {
      const position = /position (\d+)/.exec(e.message);
      const line = position ? area.value.slice(0, Number(position[1])).split('\n').length : null;
      show([{ line, message: 'Not valid JSON: ' + e.message }]);
      throw new Error(`${label} is not valid JSON` + (line ? ` (line ${line}).` : '.'));
    }
  }

  /** details: the server's [{pointer, message}] for this field; pointers are relative to the request body. */
  function showServerErrors(details) {
    const mine = details.filter(d => d.pointer === '/' + name || String(d.pointer).startsWith('/' + name + '/'));
    if (mine.length === 0) return false;
    let parsed;
    try {
      parsed = JSON.parse(area.value);
    } catch (e) {
      parsed = undefined;
    }
    let where = new Map();
    if (parsed !== undefined) {
      const laidOut = layout(parsed);
      area.value = laidOut.text; // the same document, laid out so that lines match pointers
      where = laidOut.where;
    }
    show(
      mine.map(d => {
        const pointer = String(d.pointer).slice(name.length + 1);
        return { line: lineOf(where, pointer), pointer: pointer || '/', message: d.message };
      }),
    );
    return true;
  }

  function show(list) {
    marked = new Map(list.filter(e => e.line).map(e => [e.line, e.message]));
    fill(
      errors,
      list.map(e =>
        h(
          'li',
          { dataset: { line: e.line || '', pointer: e.pointer || '' } },
          h(
            'button.link',
            { type: 'button', onclick: () => e.line && selectLine(e.line) },
            e.line ? `line ${e.line}` : 'document',
          ),
          e.pointer ? h('code', e.pointer) : null,
          ' ',
          e.message,
        ),
      ),
    );
    renderGutter();
    if (list[0] && list[0].line) selectLine(list[0].line);
  }

  area.addEventListener('input', renderGutter);
  area.addEventListener('scroll', () => {
    gutter.scrollTop = area.scrollTop;
  });
  setValue(value);
  const element = h('div.json-field', h('label', label), h('div.editor', gutter, area), errors);
  return { element, read, setValue, clearErrors, showServerErrors };
}
