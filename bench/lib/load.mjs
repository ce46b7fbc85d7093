// HTTP load with autocannon: average requests per second, and no failed request tolerated.
import autocannon from 'autocannon';
import { CONNECTIONS, LOAD_SECONDS } from './settings.mjs';

export async function load(url, headers, seconds = LOAD_SECONDS) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0) throw new Error(`${url}: ${failures} failed requests of ${result.requests.total}`);
  return result.requests.average;
}
