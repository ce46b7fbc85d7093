import { DataTable } from '@/app/components/data-table';
import { isSystemAdmin } from '@/lib/auth/principal';
import { requireUser } from '@/lib/auth/session';
import { listTrusts } from '@/lib/oidc/trusts';
import { DeleteTrustButton, NewTrustForm } from './forms';

export const metadata = { title: 'Trusted publishers · Berth' };

/** Keyless CI (SPEC 12): the OIDC issuers whose ID tokens become 15-minute tokens. */
export default async function TrustedPublishersPage() {
  const principal = await requireUser();
  const trusts = await listTrusts(principal);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Trusted publishers</h1>
      <p className="max-w-3xl text-slate-600">
        A CI job trades the OIDC ID token its provider gives it for an access token valid 15 minutes, limited to the repositories and scope below, at{' '}
        <code>POST /auth/oidc/token</code>: no long-lived secret is stored in CI. You can add trusts for the namespaces you administer.
      </p>
      <NewTrustForm admin={isSystemAdmin(principal)} />
      {trusts.length === 0 ? (
        <p className="text-slate-600">No trusted publishers yet.</p>
      ) : (
        <DataTable caption="Trusted publishers">
          <thead>
            <tr>
              <th scope="col">Issuer</th>
              <th scope="col">Audience</th>
              <th scope="col">Conditions</th>
              <th scope="col">Repositories</th>
              <th scope="col">Scope</th>
              <th scope="col">Account</th>
              <th scope="col">Created by</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {trusts.map((trust) => (
              <tr key={trust.id}>
                <td className="break-all font-medium">{trust.issuer}</td>
                <td>{trust.audience}</td>
                <td>
                  {Object.entries(trust.conditions).map(([claim, value]) => (
                    <div key={claim}>
                      <code>
                        {claim}={value}
                      </code>
                    </div>
                  ))}
                </td>
                <td>{trust.repositories.join(', ')}</td>
                <td>{trust.scope}</td>
                <td>{trust.username}</td>
                <td>{trust.createdBy}</td>
                <td>
                  <DeleteTrustButton id={trust.id} issuer={trust.issuer} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
