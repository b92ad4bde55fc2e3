// A device execution's result: exit code, reason, failed step, stdout and stderr (as text, never markup).
import { h } from './dom.js';

export function outputView(execution) {
  const stream = (name, text, truncated) =>
    text
      ? h(
          'div.stream',
          h('div.stream-head', name, truncated ? h('span.muted.small', ' (only the end was kept)') : null),
          h('pre.output', { dataset: { stream: name } }, text),
        )
      : null;
  const facts = [
    execution.exit_code !== null && execution.exit_code !== undefined ? `exit code ${execution.exit_code}` : null,
    execution.executed_steps !== null && execution.executed_steps !== undefined
      ? `${execution.executed_steps} steps run`
      : null,
    execution.failed_step ? `failed step: ${execution.failed_step}` : null,
    execution.reason ? `reason: ${execution.reason}` : null,
  ].filter(Boolean);
  const streams = [
    stream('stdout', execution.stdout, execution.stdout_truncated),
    stream('stderr', execution.stderr, execution.stderr_truncated),
  ].filter(Boolean);
  return h(
    'div.output-view',
    facts.length ? h('div.facts', facts.join(' · ')) : null,
    streams.length ? streams : h('p.muted.small', 'No output reported.'),
  );
}
