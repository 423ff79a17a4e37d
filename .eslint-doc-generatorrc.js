// eslint-doc-generator (`npm run docs`): each rule doc's header and the README rules table, from
// the rules' meta. `npm test` runs it with --check (test/ecosystem/package.test.ts).
/** @type {import('eslint-doc-generator').GenerateOptions} */
module.exports = {
  configEmoji: [['recommended', '✅']],
  ruleDocTitleFormat: 'prefix-name',
  ruleDocNotices: ['description', 'configs', 'fixableAndHasSuggestions', 'options'],
  ruleListColumns: ['name', 'description', 'configsError', 'fixable', 'hasSuggestions', 'options'],
  pathRuleList: 'README.md',
};
