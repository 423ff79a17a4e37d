// A jscodeshift transform that parses every file and changes nothing: the cost of a codemod
// without a pre-filter. Parser as jscodeshift advises: `ts` for TypeScript, `tsx` otherwise.
module.exports = function noopTransform(file, api) {
  const parser = /\.[cm]?ts$/.test(file.path) ? 'ts' : 'tsx';
  api.jscodeshift.withParser(parser)(file.source);
  return undefined;
};
