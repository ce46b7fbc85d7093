// Before any test: the servers answering on the run's ports are the ones the config started.
import { PORT, REGISTRY_PORT } from './env';
import { expectOwnServer } from './own-servers';

export default function globalSetup() {
  // The webServers are children of this process, the runner's.
  expectOwnServer(PORT, process.pid, 'Berth');
  expectOwnServer(REGISTRY_PORT, process.pid, 'The registry');
}
