// The account API (SPEC 5, eNZi's shapes as MSR's account API): accounts and organization members.
import { z } from 'zod';
import { accountPatchSchema, newAccountSchema } from '@/lib/accounts/accounts';
import { ACCOUNT_FILTERS } from '@/lib/accounts/filters';
import { orgMemberSchema } from '@/lib/accounts/organizations';
import { accountListSchema, accountSchema, memberListSchema, memberSchema } from '@/lib/accounts/shapes';
import { enziPagingSchema } from '@/lib/api/pagination';
import { accountNameSchema } from '@/lib/validation';
import { operation } from '@/lib/api/openapi/operation';

const tag = 'Accounts';
export const oneAccount = z.object({ name: accountNameSchema.describe('A user or an organization') });
const oneMember = oneAccount.extend({ member: accountNameSchema.describe('A user') });

export const listAccounts = operation({
  method: 'get',
  path: '/enzi/v0/accounts',
  operationId: 'listAccounts',
  tag,
  summary: 'Users and organizations',
  description: 'Ordered by name; `nextPageStart` in the body is the `start` of the next page, empty on the last.',
  access: 'api',
  query: enziPagingSchema.extend({ filter: z.enum(ACCOUNT_FILTERS).default('all') }),
  responses: { 200: { description: 'One page of accounts', json: accountListSchema } },
});

export const createAccount = operation({
  method: 'post',
  path: '/enzi/v0/accounts',
  operationId: 'createAccount',
  tag,
  summary: 'Create a user or an organization (system admins)',
  description: 'A user needs a `password`; an organization has none and cannot be an admin.',
  access: 'api',
  body: newAccountSchema,
  responses: { 201: { description: 'The new account', json: accountSchema } },
});

export const getAccount = operation({
  method: 'get',
  path: '/enzi/v0/accounts/{name}',
  operationId: 'getAccount',
  tag,
  summary: 'One account',
  access: 'api',
  params: oneAccount,
  responses: { 200: { description: 'The account', json: accountSchema } },
});

export const updateAccount = operation({
  method: 'patch',
  path: '/enzi/v0/accounts/{name}',
  operationId: 'updateAccount',
  tag,
  summary: "Change an account's full name; `isAdmin` and `isActive` (system admins)",
  access: 'api',
  params: oneAccount,
  body: accountPatchSchema,
  responses: { 200: { description: 'The account as changed', json: accountSchema } },
});

export const deleteAccount = operation({
  method: 'delete',
  path: '/enzi/v0/accounts/{name}',
  operationId: 'deleteAccount',
  tag,
  summary: 'Delete an account',
  access: 'api',
  params: oneAccount,
  responses: { 204: { description: 'Deleted' } },
});

export const unlockAccount = operation({
  method: 'post',
  path: '/enzi/v0/accounts/{name}/unlock',
  operationId: 'unlockAccount',
  tag,
  summary: "Clear a user's password lockout (system admins)",
  access: 'api',
  params: oneAccount,
  responses: { 204: { description: 'Unlocked: the right password works again at once' } },
});

export const listOrgMembers = operation({
  method: 'get',
  path: '/enzi/v0/accounts/{name}/members',
  operationId: 'listOrganizationMembers',
  tag,
  summary: "An organization's members (its members)",
  access: 'api',
  params: oneAccount,
  query: enziPagingSchema,
  responses: { 200: { description: 'One page of members', json: memberListSchema } },
});

export const setOrgMember = operation({
  method: 'put',
  path: '/enzi/v0/accounts/{name}/members/{member}',
  operationId: 'setOrganizationMember',
  tag,
  summary: 'Add a member to an organization, or change whether it is an admin of it',
  access: 'api',
  params: oneMember,
  body: orgMemberSchema,
  responses: { 200: { description: 'The membership', json: memberSchema } },
});

export const removeOrgMember = operation({
  method: 'delete',
  path: '/enzi/v0/accounts/{name}/members/{member}',
  operationId: 'removeOrganizationMember',
  tag,
  summary: 'Remove a member from an organization',
  access: 'api',
  params: oneMember,
  responses: { 204: { description: 'Removed' } },
});

export const accountOperations = [
  listAccounts, createAccount, getAccount, updateAccount, deleteAccount, unlockAccount, listOrgMembers, setOrgMember, removeOrgMember,
];
