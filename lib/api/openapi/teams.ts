// The team API (SPEC 5, eNZi's shapes): an organization's teams and their members.
import { z } from 'zod';
import { memberListSchema, memberSchema, teamListSchema, teamSchema } from '@/lib/accounts/shapes';
import { newTeamSchema, teamPatchSchema } from '@/lib/accounts/teams';
import { enziPagingSchema } from '@/lib/api/pagination';
import { accountNameSchema } from '@/lib/validation';
import { operation } from '@/lib/api/openapi/operation';

const tag = 'Teams';
const inOrg = z.object({ name: accountNameSchema.describe('An organization') });
const oneTeam = inOrg.extend({ team: accountNameSchema.describe('A team of the organization') });
const oneMember = oneTeam.extend({ member: accountNameSchema.describe('A user') });

/** eNZi accepts an optional body when adding a team member; Berth keeps no per-team admin flag. */
export const teamMemberBodySchema = z.object({ isAdmin: z.boolean().optional() }).strict();

export const listTeams = operation({
  method: 'get',
  path: '/enzi/v0/accounts/{name}/teams',
  operationId: 'listTeams',
  tag,
  summary: "An organization's teams (its members)",
  access: 'api',
  params: inOrg,
  query: enziPagingSchema,
  responses: { 200: { description: 'One page of teams', json: teamListSchema } },
});

export const createTeam = operation({
  method: 'post',
  path: '/enzi/v0/accounts/{name}/teams',
  operationId: 'createTeam',
  tag,
  summary: 'Create a team (organization admins)',
  access: 'api',
  params: inOrg,
  body: newTeamSchema,
  responses: { 201: { description: 'The new team', json: teamSchema } },
});

export const getTeam = operation({
  method: 'get',
  path: '/enzi/v0/accounts/{name}/teams/{team}',
  operationId: 'getTeam',
  tag,
  summary: 'One team',
  access: 'api',
  params: oneTeam,
  responses: { 200: { description: 'The team', json: teamSchema } },
});

export const updateTeam = operation({
  method: 'patch',
  path: '/enzi/v0/accounts/{name}/teams/{team}',
  operationId: 'updateTeam',
  tag,
  summary: 'Rename a team or change its description',
  access: 'api',
  params: oneTeam,
  body: teamPatchSchema,
  responses: { 200: { description: 'The team as changed', json: teamSchema } },
});

export const deleteTeam = operation({
  method: 'delete',
  path: '/enzi/v0/accounts/{name}/teams/{team}',
  operationId: 'deleteTeam',
  tag,
  summary: 'Delete a team',
  access: 'api',
  params: oneTeam,
  responses: { 204: { description: 'Deleted' } },
});

export const listTeamMembers = operation({
  method: 'get',
  path: '/enzi/v0/accounts/{name}/teams/{team}/members',
  operationId: 'listTeamMembers',
  tag,
  summary: "A team's members",
  access: 'api',
  params: oneTeam,
  query: enziPagingSchema,
  responses: { 200: { description: 'One page of members', json: memberListSchema } },
});

export const addTeamMember = operation({
  method: 'put',
  path: '/enzi/v0/accounts/{name}/teams/{team}/members/{member}',
  operationId: 'addTeamMember',
  tag,
  summary: 'Add a member of the organization to a team',
  access: 'api',
  params: oneMember,
  body: teamMemberBodySchema,
  responses: { 200: { description: 'The membership', json: memberSchema } },
});

export const removeTeamMember = operation({
  method: 'delete',
  path: '/enzi/v0/accounts/{name}/teams/{team}/members/{member}',
  operationId: 'removeTeamMember',
  tag,
  summary: 'Remove a member from a team',
  access: 'api',
  params: oneMember,
  responses: { 204: { description: 'Removed' } },
});

export const teamOperations = [listTeams, createTeam, getTeam, updateTeam, deleteTeam, listTeamMembers, addTeamMember, removeTeamMember];
