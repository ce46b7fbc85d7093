// Berth's own requests to the registry behind it (SPEC 11): tag lists, manifests, config blobs, and
// the deletes and re-puts that tag deletion and repository deletion make. The registry has no
// authentication of its own (registry/config.yml): Berth's proxy is its gate, and these requests go
// to it the way the proxy's do, straight to the upstream the proxy uses (REGISTRY_UPSTREAM_URL, else
// the embedded registry: lib/registry/embedded/state.ts).
import { config } from '@/lib/config';
import { ApiError, RETRY_AFTER_SECONDS } from '@/lib/errors';
import { collecting, embeddedRegistry, upstreamUrl } from '@/lib/registry/embedded/state';
import { log } from '@/lib/log';

/** Every manifest kind Berth reads: image manifests, OCI indexes and Docker manifest lists. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;
const ACCEPT = MANIFEST_TYPES.join(', ');

const TIMEOUT_MS = 10_000;

/** 503 with what Berth knows of the registry's state, never a 500 (SPEC 11). */
export function registryUnreachable(state: 'down' | 'unconfigured') {
  const message =
    state === 'unconfigured'
      ? 'No registry is configured behind Berth (REGISTRY_UPSTREAM_URL); the registry is unconfigured'
      : 'The registry behind Berth is not answering; the registry is down, try again in a moment';
  return new ApiError('UNAVAILABLE', 503, message, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

export type Manifest = { digest: string; mediaType: string; body: Buffer };

export type UpstreamClient = ReturnType<typeof upstreamClient>;

/** Deletes and re-puts wait while the embedded registry collects garbage, as pushes do (decision 045). */
const pausedForCollection = () =>
  new ApiError('UNAVAILABLE', 503, 'The registry is collecting garbage: deletes are paused for a moment; try again shortly', { 'Retry-After': '30' });

/** A client for the registry behind Berth; `baseUrl` is the proxy's upstream unless given (the proxy passes its own). */
export function upstreamClient(baseUrl: string | undefined = upstreamUrl()) {
  const base = baseUrl?.replace(/\/$/, '');

  // An embedded registry that has not answered yet (or is restarting) is a registry that is down.
  const configured = !!base || !!embeddedRegistry();

  async function request(method: string, path: string, init: { headers?: Record<string, string>; body?: Buffer } = {}): Promise<Response> {
    if (!base) throw registryUnreachable(configured ? 'down' : 'unconfigured');
    try {
      return await fetch(`${base}/v2/${path}`, {
        method,
        headers: init.headers,
        body: init.body ? new Uint8Array(init.body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      log.warn({ err: error, method }, 'registry upstream request failed');
      throw registryUnreachable('down');
    }
  }

  /** Any answer the registry should not give: a 5xx is the registry away, the rest a fault of ours. */
  async function unexpected(response: Response, what: string): Promise<never> {
    await response.body?.cancel();
    if (response.status >= 500) throw registryUnreachable('down');
    throw new Error(`the registry answered ${response.status} to ${what}`);
  }

  /** Reads a body, the registry going away in the middle counting as away. */
  async function bytesOf(response: Response): Promise<Buffer> {
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch {
      throw registryUnreachable('down');
    }
  }

  return {
    /** False when no registry is configured: there is then nothing upstream to read or delete. */
    configured,

    /** Throws 503 while garbage collection runs: a manifest deleted or put meanwhile could lose its blobs. */
    assertWritable() {
      if (collecting(config.dataDir)) throw pausedForCollection();
    },

    /** Every tag of the repository, in the registry's order; none when the registry does not know it. */
    async listTags(name: string): Promise<string[]> {
      const tags: string[] = [];
      let path = `${name}/tags/list?n=1000`;
      for (;;) {
        const response = await request('GET', path);
        if (response.status === 404) {
          await response.body?.cancel();
          return tags;
        }
        if (response.status !== 200) return unexpected(response, 'a tag list');
        const body = JSON.parse((await bytesOf(response)).toString('utf8')) as { tags?: string[] | null };
        tags.push(...(body.tags ?? []));
        // distribution pages with a Link header: </v2/<name>/tags/list?last=…&n=…>; rel="next"
        const next = /<\/v2\/([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
        if (!next || !body.tags?.length) return tags;
        path = next;
      }
    },

    /** The manifest a tag or digest names, or null when there is none. */
    async getManifest(name: string, reference: string): Promise<Manifest | null> {
      const response = await request('GET', `${name}/manifests/${reference}`, { headers: { Accept: ACCEPT } });
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (response.status !== 200) return unexpected(response, 'a manifest GET');
      const body = await bytesOf(response);
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
      const digest = response.headers.get('docker-content-digest') ?? '';
      return { digest, mediaType, body };
    },

    /** The digest a tag points at now, or null (a HEAD: nothing but the headers). */
    async headManifest(name: string, reference: string): Promise<string | null> {
      const response = await request('HEAD', `${name}/manifests/${reference}`, { headers: { Accept: ACCEPT } });
      await response.body?.cancel();
      if (response.status === 404) return null;
      if (response.status !== 200) return unexpected(response, 'a manifest HEAD');
      return response.headers.get('docker-content-digest');
    },

    /** A small JSON blob (an image config), or null when it is gone. */
    async getJsonBlob(name: string, digest: string): Promise<unknown> {
      let response = await request('GET', `${name}/blobs/${digest}`);
      // A registry on object storage redirects blob reads to the storage.
      if (response.status === 307 || response.status === 302) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location) return null;
        try {
          response = await fetch(new URL(location, base), { signal: AbortSignal.timeout(TIMEOUT_MS) });
        } catch {
          throw registryUnreachable('down');
        }
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (response.status !== 200) return unexpected(response, 'a blob GET');
      return JSON.parse((await bytesOf(response)).toString('utf8'));
    },

    /** Deletes a manifest by digest, with every tag pointing at it; false when it was already gone. */
    async deleteManifest(name: string, digest: string): Promise<boolean> {
      const response = await request('DELETE', `${name}/manifests/${digest}`);
      await response.body?.cancel();
      if (response.status === 404) return false;
      if (response.status !== 202) return unexpected(response, 'a manifest DELETE');
      return true;
    },

    /** Unlinks a blob from the repository (its bytes stay for the garbage collector). */
    async deleteBlob(name: string, digest: string): Promise<boolean> {
      const response = await request('DELETE', `${name}/blobs/${digest}`);
      await response.body?.cancel();
      if (response.status === 404) return false;
      if (response.status !== 202) return unexpected(response, 'a blob DELETE');
      return true;
    },

    /** Puts a manifest under a tag (the manifest's own bytes, so its digest stays the same). */
    async putManifest(name: string, tag: string, manifest: Pick<Manifest, 'mediaType' | 'body'>): Promise<void> {
      const response = await request('PUT', `${name}/manifests/${tag}`, { headers: { 'Content-Type': manifest.mediaType }, body: manifest.body });
      await response.body?.cancel();
      if (response.status !== 201) return unexpected(response, 'a manifest PUT');
    },
  };
}
