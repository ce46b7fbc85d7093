// @ts-check
// Plain JavaScript, not next.config.ts: a TypeScript config makes every production start load Next's
// native SWC compiler to read it, about 20 MiB of resident memory for one file (decision 028).

const dev = process.env.NODE_ENV !== 'production';

// Next.js streams its payload in inline scripts, so scripts need 'unsafe-inline' (a nonce would need
// middleware, which must not touch /v2). Everything else is same-origin only.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: csp },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The registry API is path-exact: /v2/ must not be redirected to /v2.
  skipTrailingSlashRedirect: true,
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres', 'pino'],
  async headers() {
    // Pages and the REST API; the registry paths stay untouched on their hot path.
    return [{ source: '/((?!v2|auth/token).*)', headers: securityHeaders }];
  },
  async rewrites() {
    return {
      beforeFiles: [
        { source: '/_ping', destination: '/api/ping' },
        // The registry API goes to a Pages API route, which gets the raw Node request and response
        // and so can stream uploads (see docs/decisions/005-registry-proxy.md).
        { source: '/v2', destination: '/api/registry' },
        { source: '/v2/:path*', destination: '/api/registry/:path*' },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default nextConfig;
