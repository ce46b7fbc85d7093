import { openApiDocument } from '@/lib/api/openapi/document';
import { requireUser } from '@/lib/auth/session';
import { schemaText } from './schema-text';

export const metadata = { title: 'API · Berth' };

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type Response = { $ref?: string; description?: string; headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema: Schema }> };
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
};

const SCHEME_NAMES: Record<string, string> = { basicAuth: 'Basic', bearerAuth: 'Bearer', sessionCookie: 'web session' };

function authText(security: Operation['security']) {
  if (!security.length) return 'none';
  const schemes = security.map((s) => Object.keys(s).map((k) => SCHEME_NAMES[k] ?? k).join(' + ') || 'anonymous');
  return schemes.join(', ');
}

function Responses({ responses }: { responses: Operation['responses'] }) {
  const own = Object.entries(responses).filter(([, r]) => !r.$ref);
  const errors = Object.keys(responses).filter((status) => responses[status].$ref);
  return (
    <dl className="space-y-2 text-sm">
      {own.map(([status, response]) => {
        const [type, media] = Object.entries(response.content ?? {})[0] ?? [];
        const headers = Object.keys(response.headers ?? {});
        return (
          <div key={status}>
            <dt className="font-mono font-semibold">{status}</dt>
            <dd className="ml-4">
              {response.description}
              {headers.length > 0 && <span className="text-slate-600"> · headers {headers.join(', ')}</span>}
              {media && <pre className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs">{`${type}: ${schemaText(media.schema)}`}</pre>}
            </dd>
          </div>
        );
      })}
      {errors.length > 0 && (
        <div>
          <dt className="font-mono font-semibold">{errors.join(', ')}</dt>
          <dd className="ml-4">
            the error envelope, <a href="#schema-Errors" className="underline">Errors</a>
          </dd>
        </div>
      )}
    </dl>
  );
}

function OperationView({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = Object.entries(op.requestBody?.content ?? {})[0];
  return (
    <article id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="space-y-3 rounded-md border border-slate-200 p-4">
      <h3 id={`${op.operationId}-title`} className="break-all font-mono text-sm">
        <span className="rounded bg-slate-800 px-2 py-0.5 font-semibold text-white">{method.toUpperCase()}</span> {path}
      </h3>
      <p className="font-medium">{op.summary}</p>
      {op.description && <p className="text-sm text-slate-700">{op.description}</p>}
      <p className="text-sm text-slate-600">Authentication: {authText(op.security)}</p>
      {op.parameters && (
        <div className="table-scroll" tabIndex={0} role="group" aria-label={`Parameters of ${op.operationId}`}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Parameters of {op.operationId}</caption>
            <thead>
              <tr className="text-slate-600">
                <th scope="col">Parameter</th>
                <th scope="col">In</th>
                <th scope="col">Type</th>
                <th scope="col">Meaning</th>
              </tr>
            </thead>
            <tbody>
              {op.parameters.map((p) => (
                <tr key={`${p.in}-${p.name}`} className="border-t border-slate-100 align-top">
                  <td className="font-mono">
                    {p.name}
                    {p.required ? '' : '?'}
                  </td>
                  <td>{p.in}</td>
                  <td className="font-mono">{schemaText(p.schema)}</td>
                  <td>{[p.description, p.schema.default !== undefined ? `default ${JSON.stringify(p.schema.default)}` : ''].filter(Boolean).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {body && (
        <div className="text-sm">
          <p className="font-medium">Body ({body[0]})</p>
          <pre className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs">{schemaText(body[1].schema)}</pre>
        </div>
      )}
      <Responses responses={op.responses} />
    </article>
  );
}

export default async function ApiReferencePage() {
  await requireUser();
  const document = openApiDocument();
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <section className="max-w-4xl space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">API</h1>
        <p className="text-sm text-slate-700">{document.info.description}</p>
        <p className="text-sm">
          The machine-readable document, for client generators and API explorers:{' '}
          <a href="/api/v0/openapi.json" className="font-mono underline">
            /api/v0/openapi.json
          </a>{' '}
          (OpenAPI 3.1).
        </p>
      </header>
      <nav aria-label="API sections">
        <ul className="flex flex-wrap gap-3 text-sm">
          {document.tags.map((tag) => (
            <li key={tag.name}>
              <a href={`#tag-${tag.name.replaceAll(' ', '-')}`} className="underline">
                {tag.name}
              </a>
            </li>
          ))}
          <li>
            <a href="#schemas" className="underline">
              Schemas
            </a>
          </li>
        </ul>
      </nav>
      {document.tags.map((tag) => (
        <section key={tag.name} aria-labelledby={`tag-${tag.name.replaceAll(' ', '-')}`} className="space-y-4">
          <h2 id={`tag-${tag.name.replaceAll(' ', '-')}`} className="text-xl font-semibold">
            {tag.name}
          </h2>
          <p className="text-sm text-slate-700">{tag.description}</p>
          {operations
            .filter(({ op }) => op.tags.includes(tag.name))
            .map(({ path, method, op }) => (
              <OperationView key={op.operationId} method={method} path={path} op={op} />
            ))}
        </section>
      ))}
      <section aria-labelledby="schemas" className="space-y-4">
        <h2 id="schemas" className="text-xl font-semibold">
          Schemas
        </h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <div key={name} id={`schema-${name}`}>
            <h3 className="font-mono text-sm font-semibold">{name}</h3>
            <pre className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs">{schemaText(schema)}</pre>
          </div>
        ))}
      </section>
    </section>
  );
}
