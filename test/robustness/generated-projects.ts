// Seeded random projects for the property-style tests: one owner module per owned token, and
// modules that create bots in every shape the codemod knows, with owned, unowned and unknown
// tokens, in TypeScript, ESM and CommonJS.
import { rng } from './helpers.js';

export type Flavor = 'ts' | 'esm' | 'cjs';

export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
  /** Does it create a poller of an owned token outside its owner (a site migrate may change)? */
  readonly pollsOwnedToken: boolean;
}

export interface GeneratedProject {
  readonly flavor: Flavor;
  readonly owners: readonly string[];
  readonly files: readonly GeneratedFile[];
}

const OWNED = ['MAIN_BOT_TOKEN', 'ADMIN_BOT_TOKEN'] as const;
const OTHER = ['SUPPORT_BOT_TOKEN'] as const;

function extension(flavor: Flavor): string {
  return flavor === 'ts' ? 'ts' : flavor === 'esm' ? 'mjs' : 'cjs';
}

function libraryImport(flavor: Flavor, library: 'ntba' | 'telegraf'): string {
  if (library === 'ntba') {
    return flavor === 'cjs' ? "const TelegramBot = require('node-telegram-bot-api');\n" : "import TelegramBot from 'node-telegram-bot-api';\n";
  }
  return flavor === 'cjs' ? "const { Telegraf } = require('telegraf');\n" : "import { Telegraf } from 'telegraf';\n";
}

function env(flavor: Flavor, name: string): string {
  return flavor === 'ts' ? `process.env.${name}!` : `process.env.${name}`;
}

/** A token expression: owned, another bot's, or unknown (a parameter-like value). */
function tokenOf(random: ReturnType<typeof rng>, flavor: Flavor): { expression: string; owned: boolean } {
  const roll = random.int(10);
  if (roll < 6) return { expression: env(flavor, random.pick(OWNED)), owned: true };
  if (roll < 8) return { expression: env(flavor, random.pick(OTHER)), owned: false };
  return { expression: 'loadToken()', owned: false };
}

function ownerModule(flavor: Flavor, token: string, name: string): string {
  const create = `new TelegramBot(${env(flavor, token)}, { polling: true })`;
  if (flavor === 'cjs') return `${libraryImport(flavor, 'ntba')}\nconst ${name} = ${create};\n\nmodule.exports = { ${name} };\n`;
  return `${libraryImport(flavor, 'ntba')}\nexport const ${name} = ${create};\n`;
}

/** One module with one to three bot sites in random shapes. */
function siteModule(random: ReturnType<typeof rng>, flavor: Flavor, index: number): { text: string; owned: boolean } {
  const library = random.chance(0.5) ? 'ntba' : 'telegraf';
  const lines: string[] = [libraryImport(flavor, library), 'function loadToken() {', "  return 'from-a-vault';", '}', ''];
  let owned = false;
  const sites = 1 + random.int(3);
  for (let site = 0; site < sites; site++) {
    const token = tokenOf(random, flavor);
    const name = `bot${index}x${site}`;
    const create = library === 'ntba' ? `new TelegramBot(${token.expression}, { polling: true })` : `new Telegraf(${token.expression})`;
    const start = library === 'telegraf' ? `${name}.launch();` : '';
    const shape = random.int(4);
    if (shape === 0) {
      lines.push(`// site ${site}: a module-level bot`, `const ${name} = ${create};`, start, `${name}.on('message', () => undefined);`);
    } else if (shape === 1) {
      lines.push(`let ${name}${flavor === 'ts' ? ': any' : ''};`, `function init${site}() {`, `  ${name} = ${create};`, start ? `  ${start}` : '', '}', `init${site}();`);
    } else if (shape === 2) {
      lines.push(`const state${site}${flavor === 'ts' ? ': { bot?: unknown }' : ''} = {};`, `state${site}.bot = ${create};`);
    } else {
      lines.push(`${flavor === 'cjs' ? '' : 'export '}function make${site}() {`, `  const ${name} = ${create};`, start ? `  ${start}` : '', `  return ${name};`, '}');
    }
    lines.push('');
    // Only shapes the codemod can move count: a poller of an owned token.
    if (token.owned) owned = true;
  }
  if (flavor === 'cjs') lines.push('module.exports = {};', '');
  return { text: lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n'), owned };
}

export function generateProject(seed: number): GeneratedProject {
  const random = rng(seed);
  const flavor = random.pick(['ts', 'esm', 'cjs'] as const);
  const ext = extension(flavor);
  const files: GeneratedFile[] = [
    { path: `src/owners/main.${ext}`, text: ownerModule(flavor, 'MAIN_BOT_TOKEN', 'bot'), pollsOwnedToken: false },
    { path: `src/owners/admin.${ext}`, text: ownerModule(flavor, 'ADMIN_BOT_TOKEN', 'adminBot'), pollsOwnedToken: false },
    { path: `src/plain.${ext}`, text: flavor === 'cjs' ? 'module.exports = { answer: 42 };\n' : 'export const answer = 42;\n', pollsOwnedToken: false },
  ];
  const count = 2 + random.int(5);
  for (let index = 0; index < count; index++) {
    const { text, owned } = siteModule(random, flavor, index);
    files.push({ path: `src/feature${index}/module${index}.${ext}`, text, pollsOwnedToken: owned });
  }
  return { flavor, owners: [`src/owners/main.${ext}`, `src/owners/admin.${ext}`], files };
}
