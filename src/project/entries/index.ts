/**
 * The project's declared entry points and the OS process each runs as. Folder by concern:
 * `shell-words` splits command lines, `command-table` holds each program's options as data,
 * `commands` says what a command starts, `build-output` maps compiled paths back to sources,
 * one reader per deployment file (`pm2`, `procfile`, …), and `finder` puts them together.
 */
export { findEntryPoints } from './finder.js';
export type { EntryPoint, EntryProblem, HotReload } from './types.js';
