/**
 * YAML deployment files (compose files, PM2 ecosystem files in YAML). The parser is loaded on
 * first use: the ESLint plugin loads the project model, and most projects have no YAML to read.
 */
type YamlModule = typeof import('yaml');

let yamlModule: YamlModule | undefined;

/** The document's data, or why it could not be read (with its line when the parser gives one). */
export function parseYaml(text: string): { data: unknown } | { error: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  yamlModule ??= require('yaml') as YamlModule;
  try {
    return { data: yamlModule.parse(text, { uniqueKeys: false }) as unknown };
  } catch (error) {
    return { error: `not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
}
