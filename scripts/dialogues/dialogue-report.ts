// Sums up played dialogues: failures per failure class and per check, the figures line, and the
// comparison with the committed baseline (quality may only go up).

import type { DialogueResult } from './play-dialogue.ts';

export interface DialogueFigures {
  checksPassed: number;
  checksTotal: number;
  conversationsPassed: number;
  conversationsTotal: number;
  falseEscalations: number;
}

export function figuresOf(results: DialogueResult[]): DialogueFigures {
  const checks = results.flatMap((r) => r.checks);
  return {
    checksPassed: checks.filter((c) => c.passed).length,
    checksTotal: checks.length,
    conversationsPassed: results.filter((r) => r.checks.every((c) => c.passed)).length,
    conversationsTotal: results.length,
    falseEscalations: results.filter((r) => r.falseEscalation).length,
  };
}

/** The last line of `npm run eval:dialogue`, in the format. */
export function figuresLine(f: DialogueFigures): string {
  return `dialogue: checks=${f.checksPassed}/${f.checksTotal} conversations=${f.conversationsPassed}/${f.conversationsTotal} false_escalations=${f.falseEscalations}`;
}

/** Failures per failure class (a dialogue's failed checks count for each class it covers) and per kind of check. */
export function failureTables(results: DialogueResult[]): string[] {
  const byClass = new Map<string, { failed: number; dialogues: Set<string>; total: number }>();
  const byKind = new Map<string, { failed: number; total: number }>();
  for (const r of results) {
    const failed = r.checks.filter((c) => !c.passed).length;
    for (const cls of r.dialogue.classes) {
      const row = byClass.get(cls) ?? { failed: 0, dialogues: new Set<string>(), total: 0 };
      row.total += 1;
      row.failed += failed;
      if (failed > 0) row.dialogues.add(r.dialogue.id);
      byClass.set(cls, row);
    }
    for (const c of r.checks) {
      const row = byKind.get(c.kind) ?? { failed: 0, total: 0 };
      row.total += 1;
      if (!c.passed) row.failed += 1;
      byKind.set(c.kind, row);
    }
  }
  const lines = ['failures per class (conversations failing / covering; failed checks):'];
  for (const [cls, row] of [...byClass].sort()) lines.push(`  ${cls.padEnd(16)} ${String(row.dialogues.size).padStart(3)}/${String(row.total).padEnd(3)} ${row.failed} failed checks`);
  lines.push('failures per check:');
  for (const [kind, row] of [...byKind].sort()) lines.push(`  ${kind.padEnd(16)} ${String(row.failed).padStart(3)} of ${row.total}`);
  return lines;
}

/** Each failed dialogue with its failed checks, and (verbose) its transcript. */
export function failureDetails(results: DialogueResult[], verbose: boolean): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const failed = r.checks.filter((c) => !c.passed);
    if (failed.length === 0) continue;
    lines.push(`✗ ${r.dialogue.id} — ${r.dialogue.title}${r.falseEscalation ? '  [FALSE ESCALATION]' : ''}`);
    for (const c of failed) lines.push(`    ${c.name}: ${c.detail ?? 'failed'}`);
    if (verbose) lines.push(...r.transcript.map((t) => `      ${t}`));
  }
  return lines;
}

/** Where the figures fall below the baseline; empty when quality held or improved. */
export function regressions(now: DialogueFigures, baseline: DialogueFigures): string[] {
  const out: string[] = [];
  if (now.checksPassed < baseline.checksPassed) out.push(`checks passed fell from ${baseline.checksPassed} to ${now.checksPassed}`);
  if (now.conversationsPassed < baseline.conversationsPassed) out.push(`conversations passed fell from ${baseline.conversationsPassed} to ${now.conversationsPassed}`);
  if (now.falseEscalations > baseline.falseEscalations) out.push(`false escalations rose from ${baseline.falseEscalations} to ${now.falseEscalations}`);
  return out;
}
