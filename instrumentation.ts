// Next.js calls onRequestError for every error it catches while rendering a page, running a server
// action or a route handler. A page has no handler of ours to answer a fault, so the error is noted
// for the request: scripts/server.ts then answers a 500 that a missing database caused with a 503.
import type { Instrumentation } from 'next';
import { noteFault } from '@/lib/faults';

export const onRequestError: Instrumentation.onRequestError = (error) => {
  noteFault(error);
};
