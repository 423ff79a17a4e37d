// jscodeshift loads its transform with Node's own require: this file hands it the TypeScript
// source (compiled on the fly by jiti), so the test runs the code under test, not a build.
const { createJiti } = require('jiti');

module.exports = createJiti(__filename)('../../../codemods/use-shared-bot/index.ts');
