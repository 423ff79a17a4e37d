// The repository lints itself (`npm run lint`, part of `npm test`) with typescript-eslint's
// recommended rules and this plugin's own recommended config. The plugin is loaded from the build
// by its package name, as a user's config loads it, so `npm run build` must run first.
import eslintComments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import telegramBot from 'eslint-plugin-telegram-bot';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Fixture trees hold broken code and duplicate pollers on purpose (the tests lint them with
    // their own configs); example/ is linted by its own config in test/e2e/example-backend-lint.
    ignores: ['dist/', 'coverage/', '.vitest-temp/', 'bench/results/', 'example/', '**/fixtures/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' },
  },
  tseslint.configs.recommended,
  telegramBot.configs.recommended,
  eslintComments.recommended,
  {
    // A disable comment says why: `// eslint-disable-next-line rule -- reason`.
    rules: { '@eslint-community/eslint-comments/require-description': ['error', { ignore: ['eslint-enable'] }] },
  },
  {
    // A CommonJS file (a `node --require` preload) has no way to import but require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
