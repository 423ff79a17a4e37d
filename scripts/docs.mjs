// `npm run docs`: regenerate the README's rules table from the rules' own metadata (the built
// plugin in dist/, so run it after `npm run build`). `node scripts/docs.mjs --check` writes
// nothing and exits 1 when the README differs from what it would write (CI and the test suite
// run it, so the table cannot drift from the rules).
//
// A small script rather than eslint-doc-generator: the table is all we generate, and the rule
// pages are written by hand (their header lines are checked by the same test instead).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const BEGIN = '<!-- begin auto-generated rules list -->';
export const END = '<!-- end auto-generated rules list -->';

const repository = path.join(import.meta.dirname, '..');

/** The markdown between the markers, from the plugin object. */
export function rulesTable(plugin) {
  const recommended = plugin.configs.recommended?.rules ?? {};
  const rows = Object.entries(plugin.rules)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, rule]) => {
      const meta = rule.meta ?? {};
      const on = `telegram-bot/${name}` in recommended ? '✅' : '';
      const fix = meta.fixable ? '🔧' : '';
      const suggest = meta.hasSuggestions ? '💡' : '';
      const description = (meta.docs?.description ?? '').replaceAll('|', '\\|');
      return `| [${name}](docs/rules/${name}.md) | ${description} | ${on} | ${fix} | ${suggest} |`;
    });
  return [
    '💼 in the `recommended` config (✅) · 🔧 fixable with `--fix` · 💡 has suggestions (applied in an editor)',
    '',
    '| Name | Description | 💼 | 🔧 | 💡 |',
    '| :--- | :--- | :-: | :-: | :-: |',
    ...rows,
  ].join('\n');
}

/** The README with its table replaced; throws when the markers are missing. */
export function updateReadme(readme, plugin) {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md needs the markers ${BEGIN} and ${END}`);
  return `${readme.slice(0, start + BEGIN.length)}\n\n${rulesTable(plugin)}\n\n${readme.slice(end)}`;
}

function main(argv) {
  const check = argv.includes('--check');
  // --readme=<file>: another README (the test checks that a drifted copy fails).
  const readmeFile = path.resolve(argv.find((arg) => arg.startsWith('--readme='))?.slice('--readme='.length) ?? path.join(repository, 'README.md'));
  const plugin = createRequire(import.meta.url)(path.join(repository, 'dist/src/index.js'));
  const readme = readFileSync(readmeFile, 'utf8');
  const next = updateReadme(readme, plugin);
  if (next === readme) {
    console.log('README.md rules table is up to date.');
    return 0;
  }
  if (check) {
    console.error('README.md rules table is out of date: run `npm run docs` and commit the result.');
    return 1;
  }
  writeFileSync(readmeFile, next);
  console.log('README.md rules table updated.');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) process.exitCode = main(process.argv.slice(2));
