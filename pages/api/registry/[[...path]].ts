// `/v2/` and `/v2/:path*` are rewritten here (next.config.mjs). A Pages API route gets the raw Node
// request and response, so the registry proxy streams blobs instead of buffering them
// (SPEC 6, docs/decisions/005-registry-proxy.md).
import type { NextApiRequest, NextApiResponse } from 'next';
import { handleRegistryRequest } from '@/lib/registry/proxy';

export const config = { api: { bodyParser: false, responseLimit: false, externalResolver: true } };

export default function registry(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  return handleRegistryRequest(req, res);
}
