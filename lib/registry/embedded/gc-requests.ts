// `npm run registry:gc` while Berth runs: the running server collects (it owns the registry and, on
// PGlite, the only connection the data directory allows), asked with SIGUSR2 and answering in a file.
import fs from 'node:fs';
import path from 'node:path';
import { log } from '@/lib/log';
import { collectGarbage, type Collection } from '@/lib/registry/embedded/gc';

const pidFile = (dataDir: string) => path.join(dataDir, 'berth.pid');
const resultFile = (dataDir: string) => path.join(dataDir, 'registry-gc.result.json');

type Outcome = { finishedAt: number } & ({ ok: true; result: Collection } | { ok: false; error: string });

/** The server's side: answers SIGUSR2 with a collection; returns what undoes it. */
export function serveCollectionRequests(binary: string, dataDir: string): () => void {
  fs.writeFileSync(pidFile(dataDir), String(process.pid));
  const onSignal = () => {
    log.info('garbage collection requested (npm run registry:gc)');
    void collectGarbage(binary, dataDir)
      .then((result): Outcome => ({ ok: true, result, finishedAt: Date.now() }))
      .catch((error: Error): Outcome => ({ ok: false, error: error.message, finishedAt: Date.now() }))
      .then((outcome) => fs.writeFileSync(resultFile(dataDir), JSON.stringify(outcome)));
  };
  process.on('SIGUSR2', onSignal);
  return () => {
    process.off('SIGUSR2', onSignal);
    fs.rmSync(pidFile(dataDir), { force: true });
  };
}

/** The running server of this data directory, if there is one. */
export function runningServer(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile(dataDir), 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** The command's side: asks `pid` to collect and waits for its answer. */
export async function requestCollection(pid: number, dataDir: string, timeoutMs = 30 * 60_000): Promise<Collection> {
  const asked = Date.now();
  process.kill(pid, 'SIGUSR2');
  while (Date.now() - asked < timeoutMs) {
    await new Promise((r) => setTimeout(r, 250));
    let outcome: Outcome;
    try {
      outcome = JSON.parse(fs.readFileSync(resultFile(dataDir), 'utf8')) as Outcome;
    } catch {
      continue;
    }
    if (outcome.finishedAt < asked) continue;
    if (!outcome.ok) throw new Error(outcome.error);
    return outcome.result;
  }
  throw new Error(`Berth (pid ${pid}) did not finish the collection within ${timeoutMs / 60_000} minutes`);
}
