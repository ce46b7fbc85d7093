// Security headers on pages and the API, and the session cookie's attributes.
import { expect, signIn, test } from './fixtures';

test('pages and the API carry the security headers; the registry paths stay lean', async ({ request }) => {
  for (const path of ['/login', '/api/v0/repositories', '/_ping']) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy'], path).toContain("default-src 'self'");
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('same-origin');
    expect(headers['x-powered-by'], path).toBeUndefined();
  }
  const ping = await request.get('/v2/');
  expect(ping.status()).toBe(401);
  expect(ping.headers()['docker-distribution-api-version']).toBe('registry/2.0');
  expect(ping.headers()['content-security-policy']).toBeUndefined();
});

test('the session cookie is HttpOnly and SameSite=Lax, and Secure behind HTTPS', async ({ browser, user }) => {
  const plain = await browser.newContext();
  const page = await plain.newPage();
  await signIn(page, user.name, user.password);
  const [cookie] = (await plain.cookies()).filter((c) => c.name.endsWith('next-auth.session-token'));
  expect(cookie).toMatchObject({ name: 'next-auth.session-token', httpOnly: true, sameSite: 'Lax', secure: false });
  await plain.close();

  // Behind a TLS-terminating load balancer the request says https: the cookie is then Secure and
  // __Secure- prefixed. (Chromium keeps Secure cookies for loopback addresses.)
  const tls = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-proto': 'https' } });
  const securePage = await tls.newPage();
  await signIn(securePage, user.name, user.password);
  const [secure] = (await tls.cookies()).filter((c) => c.name.endsWith('next-auth.session-token'));
  expect(secure).toMatchObject({ name: '__Secure-next-auth.session-token', httpOnly: true, sameSite: 'Lax', secure: true });
  await tls.close();
});

test('a cookie-authenticated write from another origin is refused', async ({ page, user, request }) => {
  await signIn(page, user.name, user.password);
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const forged = await request.post('/api/v0/api_tokens', {
    headers: { cookie: cookies, origin: 'https://evil.example', 'content-type': 'application/json' },
    data: { tokenLabel: 'csrf' },
  });
  expect(forged.status()).toBe(403);
  const sameOrigin = await request.get('/api/v0/api_tokens', { headers: { cookie: cookies } });
  expect(sameOrigin.status()).toBe(200);
  expect(((await sameOrigin.json()) as unknown[]).length).toBe(0);
});
