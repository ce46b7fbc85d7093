/** `user:secret` from a Basic header; the secret may itself contain colons. */
export function parseBasic(value: string): { username: string; secret: string } | null {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  return { username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
