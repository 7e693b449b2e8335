// A build starts from an empty dist/, so that nothing of an earlier layout is packed.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
