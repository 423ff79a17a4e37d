// The evaluator gives up past MAX_EVALUATIONS expression evaluations: code whose calls multiply
// (each function calling the next twice with a new object, so no call repeats another) ends
// with what was found before the bound, instead of running for minutes.
import { describe, expect, it } from 'vitest';

import { parseFile } from '../../src/core/parse.js';
import { Evaluator, MAX_EVALUATIONS } from '../../src/project/evaluate.js';
import { summarizeFile, type FileSummary } from '../../src/project/summary.js';

const FILE = '/project/src/index.js';

/** `f0` … `f{levels}`: each calls the one below twice, so running the top one makes 2^levels calls. */
function multiplyingCalls(levels: number): string {
  const lines = ['function f0(a) { return a; }'];
  for (let level = 1; level <= levels; level++) lines.push(`function f${level}(a) { f${level - 1}({ a }); f${level - 1}({ a }); }`);
  return lines.join('\n');
}

function evaluatorFor(text: string): Evaluator {
  const summary: FileSummary = summarizeFile(parseFile(FILE, text));
  const evaluator = new Evaluator({ summaryOf: (file) => (file === FILE ? summary : undefined), resolve: () => undefined, runsEffects: () => true }, new Set([FILE]));
  evaluator.runModule(FILE);
  return evaluator;
}

describe('the evaluator\'s bound', () => {
  it('stops at MAX_EVALUATIONS on calls that multiply, keeping the bot started before them', () => {
    // 2^22 calls, several evaluations each: tens of millions without the bound.
    const text = `const { Telegraf } = require('telegraf');\nnew Telegraf(process.env.BOT_TOKEN).launch();\n${multiplyingCalls(22)}\nf22({});\n`;
    const evaluator = evaluatorFor(text);
    // Past the bound each evaluation asked for is refused at once: a handful more, not millions.
    expect(evaluator.evaluationCount).toBeGreaterThan(MAX_EVALUATIONS);
    expect(evaluator.evaluationCount).toBeLessThan(MAX_EVALUATIONS + 1_000);
    expect(evaluator.events.map((event) => `${event.kind} ${event.site.line} ${event.instance.tokenKeys.join(',')}`)).toEqual(['start 2 BOT_TOKEN']);
  });

  it('stays far below it on the same calls a few levels deep', () => {
    const evaluator = evaluatorFor(`${multiplyingCalls(6)}\nf6({});\n`);
    expect(evaluator.evaluationCount).toBeGreaterThan(64);
    expect(evaluator.evaluationCount).toBeLessThan(MAX_EVALUATIONS / 100);
  });
});
