/**
 * Imported first by the bin: on Node 22.1 and later, the compiled code of this tool and of what it
 * loads (TypeScript's parser above all, about half a second to compile) is kept between runs in
 * Node's own compile cache, as tsc does. NODE_DISABLE_COMPILE_CACHE=1 turns it off. Node 20 has
 * no such cache: there this does nothing.
 */
import nodeModule from 'node:module';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
