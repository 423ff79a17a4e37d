/** The scan helper thread's entry (./parallel-scan.ts starts it). */
import { workerData } from 'node:worker_threads';

import { runHelper, type HelperData } from './parallel-scan.js';

runHelper(workerData as HelperData);
