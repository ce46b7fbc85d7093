import { describe, expect, it } from 'vitest';
import { tokensNeedingAttention } from '@/lib/access-tokens/queries';
import { createToken, insertTokenRow } from '../support/tokens';
import { createUser } from '../support/users';

const DAY = 24 * 60 * 60 * 1000;
const daysFromNow = (n: number) => new Date(Date.now() + n * DAY);

describe('tokens that need attention (the expiry banner)', () => {
  it('counts active tokens expiring within 7 days and tokens unused for 90 days', async () => {
    const user = await createUser();
    await createToken(user); // fresh: nothing to say
    await insertTokenRow(user, { expiresAt: daysFromNow(3) }); // expiring soon
    await insertTokenRow(user, { expiresAt: daysFromNow(30) }); // expiring, not soon
    await insertTokenRow(user, { expiresAt: daysFromNow(-1) }); // already expired: shown as Expired, not here
    await insertTokenRow(user, { expiresAt: daysFromNow(2), isActive: false }); // inactive: ignored
    await insertTokenRow(user, { createdAt: daysFromNow(-120) }); // never used in 120 days
    await insertTokenRow(user, { createdAt: daysFromNow(-200), lastUsed: daysFromNow(-100) }); // last used 100 days ago
    await insertTokenRow(user, { createdAt: daysFromNow(-200), lastUsed: daysFromNow(-10) }); // used recently
    expect(await tokensNeedingAttention(user.account.id, 7, 90)).toEqual({ expiring: 1, unused: 2 });
  });

  it('says nothing for a user whose tokens are all fine', async () => {
    const user = await createUser();
    await createToken(user);
    expect(await tokensNeedingAttention(user.account.id, 7, 90)).toEqual({ expiring: 0, unused: 0 });
  });
});
