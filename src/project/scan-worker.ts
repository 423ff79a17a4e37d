/** The scan helper thread's entry (./parallel-scan.ts starts it): it waits for its one job. */
import { parentPort } from 'node:worker_threads';

import { runHelper, type HelperData } from './parallel-scan.js';
import { sourcesToScan } from './source-tree.js';

parentPort?.once('message', (job: HelperData) => runHelper(job, sourcesToScan));
