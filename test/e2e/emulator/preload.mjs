// ESM form of the preload: `node --import <this file> …`. It runs preload.cjs, which patches the
// builtin modules shared by CommonJS and ES modules.
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./preload.cjs');
