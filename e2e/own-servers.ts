// A suite talks only to servers it started: Playwright waits for a webServer by its URL alone, and a
// spec by a health check, so both then make sure the process listening on the port descends from them.
import fs from 'node:fs';

/** The pid of the process listening on a loopback TCP port, read from /proc (Linux). */
export function listeningPid(port: number): number {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN.
      if (cols.length > 9 && Number.parseInt(cols[1].split(':')[1], 16) === port && cols[3] === '0A') inodes.add(cols[9]);
    }
  }
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return Number(pid);
      } catch {
        // The fd closed meanwhile.
      }
    }
  }
  throw new Error(`No process is listening on port ${port}`);
}

function parentPid(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // pid (comm) state ppid …; comm may hold spaces and parentheses.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Throws unless the process listening on `port` is `ancestor` or one of its descendants. */
export function expectOwnServer(port: number, ancestor: number, name: string) {
  const listener = listeningPid(port);
  for (let pid = listener; pid > 1; pid = parentPid(pid)) if (pid === ancestor) return;
  throw new Error(`${name}'s port ${port} is held by process ${listener}, which this run did not start`);
}
