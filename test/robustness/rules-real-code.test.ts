// Every rule over the real-world code of the installed node_modules, through ESLint's Linter
// (the same path as `eslint`): no rule may throw on any file the parser accepts. Files the parser
// rejects are skipped and counted. Most files name no Telegram library, so the rules return
// early; to exercise their full analysis on real code as well, a deterministic sample is linted
// again with a comment naming the libraries appended (it defeats the text pre-filter, changes no
// line), and every file that names a Telegram library is linted in full, .d.ts included.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../src/index.js';
import { listSources, repositoryRoot, sample } from './helpers.js';

const nodeModules = path.join(repositoryRoot, 'node_modules');
const everyFile = listSources(nodeModules);
const FULL_RUN_LIMIT = 5000;
const TELEGRAM = /\b(?:node-telegram-bot-api|telegraf|grammy)\b/;
const MARKER = '\n/* node-telegram-bot-api telegraf grammy @grammyjs/runner telebot */\n';

const rules: Linter.RulesRecord = {
  'telegram-bot/no-duplicate-poller': 'error',
  'telegram-bot/no-polling-on-import': 'error',
  'telegram-bot/no-hardcoded-token': 'error',
};
const TS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const config: Linter.Config[] = [
  // ESLint ignores node_modules by default: this corpus is exactly that.
  { ignores: ['!**/node_modules/'] },
  // Inline `/* eslint … */` comments in the corpus configure core rules: not ours to judge.
  { linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true } },
  {
    files: ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  { files: TS, languageOptions: { parser: tsParser as never } },
  { files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'], plugins: { 'telegram-bot': plugin as never }, rules },
];

interface Tally {
  linted: number;
  rejected: string[];
  crashes: string[];
  reports: number;
}

function lintAll(files: readonly string[], amplify: boolean): Tally {
  const linter = new Linter({ configType: 'flat' });
  const tally: Tally = { linted: 0, rejected: [], crashes: [], reports: 0 };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // removed while the suite ran (a concurrent install)
    }
    if (amplify) text += MARKER;
    try {
      const messages = linter.verify(text, config, file);
      const fatal = messages.find((message) => message.fatal);
      if (fatal) tally.rejected.push(`${file}: ${fatal.message}`);
      else tally.linted++; // (warnings about the corpus's own eslint comments have ruleId null: not ours)
      tally.reports += messages.filter((message) => message.ruleId?.startsWith('telegram-bot/')).length;
    } catch (error) {
      // A rule that throws makes verify throw ("Error while … Rule: telegram-bot/…").
      tally.crashes.push(`${path.relative(repositoryRoot, file)}: ${(error as Error).message.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  return tally;
}

describe('every rule over the installed node_modules', () => {
  // All of them when they are at most FULL_RUN_LIMIT (8,100 files when this was written), else a
  // deterministic sample of that many (of 13,200 files with the dev tools installed): bounded by that count.
  const corpus = sample(everyFile, FULL_RUN_LIMIT, 1);
  it(`lints ${corpus.length} of the ${everyFile.length} JS/TS files without a rule throwing`, () => {
    expect(everyFile.length).toBeGreaterThan(2000);
    const tally = lintAll(corpus, false);
    expect(tally.crashes).toEqual([]);
    // The parser accepts nearly all of it: a config that silently skipped files would show here.
    expect(tally.linted).toBeGreaterThan(corpus.length * 0.95);
    console.info(`node_modules: ${tally.linted} files linted, ${tally.rejected.length} rejected by the parser (skipped)`);
  });

  it('lints a deterministic sample of 2500 files with the rules fully engaged, without a rule throwing', () => {
    const files = sample(everyFile, 2500, 9);
    const tally = lintAll(files, true);
    expect(tally.crashes).toEqual([]);
    expect(tally.linted).toBeGreaterThan(files.length * 0.95);
  });

  it('lints every node_modules file that names a Telegram library (declarations included), as is and fully engaged', () => {
    const files = listSources(nodeModules, true).filter((file) => TELEGRAM.test(readFileSync(file, 'utf8')));
    // node-telegram-bot-api, telegraf and grammy are installed, with their typings.
    expect(files.length).toBeGreaterThan(40);
    for (const amplify of [false, true]) {
      const tally = lintAll(files, amplify);
      expect(tally.crashes).toEqual([]);
      expect(tally.linted).toBeGreaterThan(files.length * 0.9);
    }
    console.info(`${files.length} files name a Telegram library`);
  });
});
