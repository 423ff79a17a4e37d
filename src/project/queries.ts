/** Small questions about evaluated bot events, shared by the rules and the check. */
import type { BotEvent } from './evaluate.js';

/** Two events in different arms of one `if`/`else`, ternary or `switch` of one file never both run. */
export function eventsExclusive(a: BotEvent, b: BotEvent): boolean {
  if (a.file !== b.file) return false;
  const arms = new Map<string, string>();
  for (const step of a.site.branch) {
    const [point, arm] = splitStep(step);
    arms.set(point, arm);
  }
  return b.site.branch.some((step) => {
    const [point, arm] = splitStep(step);
    const other = arms.get(point);
    return other !== undefined && other !== arm;
  });
}

function splitStep(step: string): [string, string] {
  const colon = step.indexOf(':');
  return [step.slice(0, colon), step.slice(colon + 1)];
}
