import { ROLE_LABELS } from '../../platform/auth.js';
import { ACTION_LABELS, DEFAULT_POLICY, TRANSITIONS, type CaseAction } from './case.workflow.js';
import { STATUS_LABELS } from './cases.enums.js';

/** The transition table as Markdown (docs/workflow.md is this text; a test keeps it so). */
export function workflowMarkdown(): string {
  const who = (r: string) => (r === 'system' ? 'system (scheduled job)' : `${r} (${ROLE_LABELS[r as keyof typeof ROLE_LABELS]})`);
  const st = (s: string) => `\`${s}\` ${STATUS_LABELS[s as keyof typeof STATUS_LABELS]}`;
  const lines = [
    '# Case workflow',
    '',
    '<!-- generated from src/modules/cases/case.workflow.ts by `npm run docs:workflow`; do not edit by hand -->',
    '',
    'Each action is one call: `POST /api/cases/{id}/actions` with `{"action", "version", ...fields}`, one',
    'timeline event, one history interval and one audit record. A refused role inside the jurisdiction gets',
    '403 with the reason; a case outside the jurisdiction is 404; a wrong state is 409; a failed guard is 422',
    'with the reasons.',
    '',
    '| action | from | to | who | needs |',
    '|---|---|---|---|---|',
  ];
  for (const a of Object.keys(TRANSITIONS) as CaseAction[]) {
    const t = TRANSITIONS[a];
    lines.push(`| \`${a}\` ${ACTION_LABELS[a]} | ${t.from.map(st).join(', ')} | ${st(t.to)} | ${t.roles.map(who).join(', ')} | ${t.needs} |`);
  }
  lines.push(
    '',
    `Policy values: \`maxDeferDays\` = ${DEFAULT_POLICY.maxDeferDays}, \`evidenceRadiusM\` = ${DEFAULT_POLICY.evidenceRadiusM} (\`DEFAULT_POLICY\`).`,
    '',
    'Besides these transitions, and changing no status: `POST /api/cases/bulk-actions` runs any action above on many cases with one result per',
    'case, and also `assign` (to an inspector or town officer, or a department task) and `set_deadline` (a day in the past is refused per case);',
    'department tasks carry their own deadline, result and photos; deadlines two working days away bring one reminder per case, step and',
    'deadline; an admin edits the disposal rules behind the `classify` suggestion at runtime. See docs/supervision.md.',
    '',
  );
  return lines.join('\n');
}
