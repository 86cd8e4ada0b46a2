import { parentPort, workerData } from 'node:worker_threads';
import { LaneSpec, loadLane } from './replay-lane';

// A replay lane on its own thread: folding and encoding are CPU work, and a lane per core spreads them.
loadLane(workerData as LaneSpec, (progress) => parentPort?.postMessage({ progress })).then(
  (result) => parentPort?.postMessage({ result }),
  (err: Error) => parentPort?.postMessage({ error: err.message }),
);
