// What the kernel says about a process (Linux /proc): its children, CPU time and resident memory.
import fs from 'node:fs';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A process and its children (nginx's master and workers). */
export function processTree(pid) {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap(processTree)];
}

/** User + system CPU seconds of some processes (clock ticks of 10 ms). */
export function cpuSeconds(pids) {
  return pids.reduce((sum, pid) => {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
}

export function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024;
}

/** Samples a process's RSS every 50 ms until the returned function is called; it returns the peak. */
export function sampleRssPeak(pid, initial = rssMiB(pid)) {
  let peak = initial;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 50);
  return () => {
    clearInterval(sampler);
    return peak;
  };
}
