import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The registry API is path-exact: /v2/ must not be redirected to /v2.
  skipTrailingSlashRedirect: true,
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'],
  async rewrites() {
    return {
      beforeFiles: [{ source: '/_ping', destination: '/api/ping' }],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default nextConfig;
