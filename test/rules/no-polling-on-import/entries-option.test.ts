/**
 * `entries`: files that may start polling at top level although they export something (an
 * entry script that also exports helpers for its tests, say). Relative paths and globs are
 * resolved against ESLint's cwd (RuleTester lints with `process.cwd()`, here the project root);
 * absolute paths as a config builds them with `path.join`.
 */
import '../../setup/rule-tester.js'; // RuleTester's test hooks, before any RuleTester is made
import path from 'node:path';

import { ALL_LANGS, FILENAMES, FIX, IMPORTS, exportOf, invalid, run, token, valid, type Lang } from './helpers.js';

function polling(lang: Lang): string {
  return `${IMPORTS.telegraf[lang]}\n\nconst bot = new Telegraf(${token(lang)});\nbot.launch();\n\n${exportOf(lang)}\n`;
}

const launch = { at: 'bot.launch()', fix: FIX.launch };

const exempted = ALL_LANGS.flatMap((lang) => {
  const file = FILENAMES[lang];
  return [
    valid(lang, polling(lang), { name: 'relative path', options: { entries: [file] } }),
    valid(lang, polling(lang), { name: 'relative path with ./', options: { entries: [`./${file}`] } }),
    valid(lang, polling(lang), { name: 'path without extension', options: { entries: ['src/bot'] } }),
    valid(lang, polling(lang), { name: 'glob', options: { entries: ['src/**/*.{ts,mjs,cjs}'] } }),
    valid(lang, polling(lang), { name: 'glob of the file name', options: { entries: ['**/bot.*'] } }),
    valid(lang, polling(lang), { name: 'absolute path', options: { entries: [path.join(process.cwd(), file)] } }),
    valid(lang, polling(lang), { name: 'absolute glob', options: { entries: [path.join(process.cwd(), 'src', '*')] } }),
    valid(lang, polling(lang), { name: 'one of several', options: { entries: ['scripts/worker.ts', file] } }),
    valid(lang, polling(lang), { name: 'a file in a folder', filename: `src/bin/${path.basename(file)}`, options: { entries: ['src/bin/**'] } }),
  ];
});

const notExempted = ALL_LANGS.flatMap((lang) => {
  const file = FILENAMES[lang];
  return [
    invalid(lang, polling(lang), [launch], { name: 'other file', options: { entries: ['src/main.ts'] } }),
    invalid(lang, polling(lang), [launch], { name: 'glob of another folder', options: { entries: ['scripts/**'] } }),
    invalid(lang, polling(lang), [launch], { name: 'same name in another folder', options: { entries: [`lib/${path.basename(file)}`] } }),
    invalid(lang, polling(lang), [launch], { name: 'empty list', options: { entries: [] } }),
    // Relative to the cwd, not to the file: `bot.ts` alone names `<cwd>/bot.ts`.
    invalid(lang, polling(lang), [launch], { name: 'bare file name is relative to the cwd', options: { entries: [path.basename(file)] } }),
    invalid(lang, polling(lang), [launch], { name: 'absolute path of another root', options: { entries: [path.join(path.dirname(process.cwd()), 'elsewhere', file)] } }),
  ];
});

run('no-polling-on-import: entries', { valid: exempted, invalid: notExempted });
