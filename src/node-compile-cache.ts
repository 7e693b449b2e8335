import * as nodeModule from 'node:module';

// Most of the CLI's start is Node compiling the JavaScript of its dependencies. Node 22.1 and
// later can keep that compiled code on disk between runs (in the system's temporary folder);
// Node 20 has no such cache and skips this. Imported first, so it applies to what follows.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
