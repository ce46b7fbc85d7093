// REGISTRY_GC_CRON: the five fields of crontab(5) (minute hour day-of-month month day-of-week), each
// `*`, a number, a range `a-b`, a step `*/n` or `a-b/n`, or a comma list of those; read in UTC.
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export type Schedule = { matches(date: Date): boolean };

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/.exec(part);
    if (!match) throw new Error(`${field.name} "${part}" is not a cron field`);
    const [, , from, to, step] = match;
    const start = from === undefined ? field.min : Number(from);
    const end = from === undefined ? field.max : to !== undefined ? Number(to) : step !== undefined ? field.max : start;
    const every = step === undefined ? 1 : Number(step);
    if (start < field.min || end > field.max || start > end || every < 1) throw new Error(`${field.name} "${part}" is out of range ${field.min}-${field.max}`);
    for (let v = start; v <= end; v += every) values.add(field.name === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

/** A schedule, or an Error saying which field is wrong. */
export function parseCron(expression: string): Schedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error('must have five fields: minute hour day-of-month month day-of-week');
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]));
  // As cron does: when both day fields are restricted, either one matching is enough.
  const domAny = parts[2] === '*';
  const dowAny = parts[4] === '*';
  return {
    matches(date) {
      if (!minute.has(date.getUTCMinutes()) || !hour.has(date.getUTCHours()) || !month.has(date.getUTCMonth() + 1)) return false;
      const byDom = dom.has(date.getUTCDate());
      const byDow = dow.has(date.getUTCDay());
      return domAny || dowAny ? byDom && byDow : byDom || byDow;
    },
  };
}

/** Runs `task` at every minute the schedule matches, never twice at once; returns a stop function. */
export function everyMatchingMinute(schedule: Schedule, task: () => Promise<unknown>): () => void {
  let running = false;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = new Date();
    if (!running && schedule.matches(now)) {
      running = true;
      void task().finally(() => (running = false));
    }
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    timer.unref();
  };
  timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
  timer.unref();
  return () => clearTimeout(timer);
}
