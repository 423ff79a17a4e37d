/** Path helpers: everything the tool prints or compares is posix. */
import path from 'node:path';

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

export function stripSourceExtension(file: string): string {
  return file.replace(SOURCE_EXTENSION, '');
}

export function hasSourceExtension(file: string): boolean {
  return SOURCE_EXTENSION.test(file);
}
