/** Test files poll with fake tokens by design; the check and the project index skip them. */
const TEST_FILE = /(?:^|\/)(?:__tests__|tests?|__mocks__)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/;

/** `relativePath` is posix, relative to the project root. */
export function isTestFile(relativePath: string): boolean {
  return TEST_FILE.test(relativePath);
}
