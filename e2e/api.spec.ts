// The REST API over real HTTP: credentials, token lifecycle, authorization and bad input (SPEC 4, 5, 8).
import { basicAuth, expect, expectApiError, test } from './fixtures';

test.describe('API v0 with Basic auth', () => {
  test('a password and a token both authenticate; deactivating, reactivating and deleting take effect at once', async ({ api, user, request }) => {
    const created = await api.createToken(user, { tokenLabel: 'ci' });
    expect(created.token).toMatch(/^brt_[0-9A-Za-z]{42}$/);
    expect(created).toMatchObject({ tokenLabel: 'ci', isActive: true, generatedBy: user.name, username: user.name });

    const withPassword = await request.get('/api/v0/repositories', { headers: basicAuth(user.name, user.password) });
    expect(withPassword.status()).toBe(200);
    expect(await withPassword.json()).toEqual({ repositories: [] });
    expect(await api.repositoriesStatus(user.name, created.token)).toBe(200);
    const bearer = await request.get('/api/v0/repositories', { headers: { Authorization: `Bearer ${created.token}` } });
    expect(bearer.status()).toBe(200);

    await api.setTokenActive(user, created.hashedToken, false);
    const refused = await request.get('/api/v0/repositories', { headers: basicAuth(user.name, created.token) });
    await expectApiError(refused, 401, 'NOT_AUTHENTICATED');
    expect(refused.headers()['www-authenticate']).toBe('Basic realm="berth"');

    await api.setTokenActive(user, created.hashedToken, true);
    expect(await api.repositoriesStatus(user.name, created.token)).toBe(200);

    const deleted = await request.delete(`/api/v0/api_tokens/${created.hashedToken}`, { headers: basicAuth(user.name, user.password) });
    expect(deleted.status()).toBe(200);
    expect(await api.repositoriesStatus(user.name, created.token)).toBe(401);
    expect(await api.listTokens(user)).toEqual([]);
  });

  test("a user who is not an admin cannot read another user's tokens", async ({ api, user, request }) => {
    const other = await api.createUser();
    const theirs = await api.createToken(other, { tokenLabel: 'theirs' });
    const auth = { headers: basicAuth(user.name, user.password) };

    await expectApiError(await request.get(`/api/v0/api_tokens?username=${other.name}`, auth), 403, 'NOT_AUTHORIZED');
    await expectApiError(await request.post(`/api/v0/api_tokens?username=${other.name}`, { ...auth, data: {} }), 403, 'NOT_AUTHORIZED');
    // Someone else's token id is not found, rather than forbidden: ids do not leak.
    await expectApiError(await request.get(`/api/v0/api_tokens/${theirs.hashedToken}`, auth), 404, 'NO_SUCH_API_TOKEN');
    await expectApiError(await request.patch(`/api/v0/api_tokens/${theirs.hashedToken}`, { ...auth, data: { isActive: false } }), 404, 'NO_SUCH_API_TOKEN');
    await expectApiError(await request.delete(`/api/v0/api_tokens/${theirs.hashedToken}`, auth), 404, 'NO_SUCH_API_TOKEN');
    expect(await api.listTokens(user)).toEqual([]);
    expect(await api.repositoriesStatus(other.name, theirs.token)).toBe(200);
  });

  test('bad input gets a 4xx with the error envelope and changes nothing', async ({ api, user, request }) => {
    const existing = await api.createToken(user, { tokenLabel: 'existing' });
    const before = await api.listTokens(user);
    expect(before).toHaveLength(1);
    const auth = basicAuth(user.name, user.password);
    // A Buffer goes out byte for byte: Playwright would JSON-encode a string that is not JSON.
    const json = { ...auth, 'Content-Type': 'application/json' };
    const tokenUrl = `/api/v0/api_tokens/${existing.hashedToken}`;

    await expectApiError(await request.post('/api/v0/api_tokens', { headers: json, data: Buffer.from('{"tokenLabel": "unterminated') }), 400, 'INVALID_JSON');
    await expectApiError(await request.patch(tokenUrl, { headers: json, data: Buffer.from('{"isActive": fals') }), 400, 'INVALID_JSON');
    await expectApiError(await request.post('/api/v0/api_tokens', { headers: auth, data: { tokenLabel: 'x', owner: 'admin' } }), 400, 'INVALID_PARAMETERS');
    await expectApiError(await request.patch(tokenUrl, { headers: auth, data: { isActive: false, hashedToken: 'f'.repeat(64) } }), 400, 'INVALID_PARAMETERS');
    await expectApiError(await request.patch(tokenUrl, { headers: auth, data: { isActive: 'no' } }), 400, 'INVALID_PARAMETERS');
    const long = 'a'.repeat(10_000);
    await expectApiError(await request.post('/api/v0/api_tokens', { headers: auth, data: { tokenLabel: long } }), 400, 'INVALID_PARAMETERS');
    await expectApiError(await request.patch(tokenUrl, { headers: auth, data: { tokenLabel: long } }), 400, 'INVALID_PARAMETERS');

    // A token whose checksum does not match is refused wherever it is offered.
    const last = existing.token.at(-1) === 'A' ? 'B' : 'A';
    const forged = existing.token.slice(0, -1) + last;
    await expectApiError(await request.get('/api/v0/repositories', { headers: basicAuth(user.name, forged) }), 401, 'NOT_AUTHENTICATED');
    await expectApiError(await request.post('/api/v0/api_tokens', { headers: { Authorization: `Bearer ${forged}` }, data: {} }), 401, 'NOT_AUTHENTICATED');

    expect(await api.listTokens(user)).toEqual(before);
  });
});
