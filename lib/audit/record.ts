import { db, type Executor } from '@/db';
import { eventId } from '@/lib/audit/event-id';
import { insertAuditEvent } from '@/lib/audit/queries';
import type { RequestInfo } from '@/lib/request';

export const AUDIT_ACTIONS = [
  'token.created',
  'token.updated',
  'token.activated',
  'token.deactivated',
  'token.deleted',
  'token.first_used',
  'token.rotated',
  'token.reuse_after_rotation',
  'token.leaked',
  'signin.succeeded',
  'signin.failed',
  'auth.failed',
  'user.locked',
  'user.unlocked',
  'password.changed',
  'session.revoked',
  'account.created',
  'account.updated',
  'account.deleted',
  'org.member_set',
  'org.member_removed',
  'team.created',
  'team.updated',
  'team.deleted',
  'team.member_added',
  'team.member_removed',
  'repository.created',
  'repository.updated',
  'repository.deleted',
  'repository.team_access_set',
  'repository.team_access_removed',
  'registry.garbage_collected',
  'tag.deleted',
  'oidc.trust_created',
  'oidc.trust_deleted',
  'oidc.exchanged',
  'oidc.refused',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who acted: a signed-in principal (anything of that shape: the audit log needs no more of it), or a
 * name (or nobody) with the request it came in, for failed sign-ins.
 */
export type AuditActor =
  | { user: { name: string }; credential: { kind: 'password' } | { kind: 'token'; hint: string }; request: RequestInfo }
  | { name: string | null; credential: string | null; request: RequestInfo };

export type AuditEntry = {
  action: AuditAction;
  targetType: 'token' | 'user' | 'account' | 'org' | 'team' | 'repository' | 'registry' | 'trust';
  target: string;
  details?: Record<string, unknown>;
};

/** How an event names the credential used: `password`, or a token by its `brt_…` hint only. */
const credentialLabel = (credential: { kind: 'password' } | { kind: 'token'; hint: string }) =>
  credential.kind === 'token' ? credential.hint : 'password';

/** Told of every event as it is recorded, on the executor of the change (its transaction, if any). */
export type AuditListener = (action: AuditAction, executor: Executor) => void | Promise<void>;

// On globalThis, by name: each bundle Next.js builds loads this file (and its listeners' files)
// separately, and a change recorded in any of them must reach the listeners of all.
const key = Symbol.for('berth.auditListeners');
const store = globalThis as unknown as { [key]?: Map<string, AuditListener> };
const listeners = (store[key] ??= new Map<string, AuditListener>());

/**
 * Runs `listener` whenever an event is recorded (the credential cache empties itself on each); a
 * second listener of the same name takes the place of the first.
 */
export function onAuditEvent(name: string, listener: AuditListener) {
  listeners.set(name, listener);
}

/** Whatever a client sent as a name is kept, less the control characters the database refuses. */
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, '');

/** The actor name an event records for a name a client sent (rate limits count by it too). */
export const auditName = (name: string) => printable(name).slice(0, 64);

/** Records an event on `executor`: pass the transaction of the change so both commit or neither. */
export async function audit(executor: Executor, actor: AuditActor, entry: AuditEntry) {
  for (const listener of listeners.values()) await listener(entry.action, executor);
  const named = 'user' in actor ? { name: actor.user.name, credential: credentialLabel(actor.credential) } : actor;
  await insertAuditEvent(executor, {
    id: eventId(),
    action: entry.action,
    actor: named.name === null ? null : auditName(named.name),
    credential: named.credential,
    targetType: entry.targetType,
    target: printable(entry.target).slice(0, 255),
    ip: actor.request.ip,
    userAgent: actor.request.userAgent,
    details: entry.details ?? {},
  });
}

/** Runs a change and records its event in one transaction: both commit, or neither. */
export async function audited<T>(actor: AuditActor, entry: AuditEntry, change: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await change(tx);
    await audit(tx, actor, entry);
    return result;
  });
}

/**
 * As `audited`, for a removal that may find nothing left to remove (a repeated or concurrent delete):
 * its event is recorded only when a row went, so one deletion is one event. Answers whether one did.
 */
export async function auditedRemoval(actor: AuditActor, entry: AuditEntry, remove: (tx: Executor) => Promise<boolean>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const removed = await remove(tx);
    if (removed) await audit(tx, actor, entry);
    return removed;
  });
}
