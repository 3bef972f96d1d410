/** Query parameters arrive as strings (or repeated as arrays); parse them, or answer 400 invalid_query. */
import type { Request } from 'express';
import { invalidQuery } from './admin-error.js';

function single(req: Request, name: string): string | undefined {
  const value: unknown = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidQuery(name, 'must be given once.');
  return value;
}

export function stringParam(req: Request, name: string): string | undefined {
  const value = single(req, name);
  return value === undefined || value === '' ? undefined : value;
}

export function integerParam(
  req: Request,
  name: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  const value = single(req, name);
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value)) throw invalidQuery(name, `must be a whole number, not "${value}".`);
  const n = Number(value);
  if (n < min || n > max) throw invalidQuery(name, `must be from ${min} to ${max}.`);
  return n;
}

export function booleanParam(req: Request, name: string): boolean | undefined {
  const value = single(req, name);
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidQuery(name, `must be true or false, not "${value}".`);
}

export function enumParam<T extends string>(req: Request, name: string, allowed: readonly T[]): T | undefined {
  const value = single(req, name);
  if (value === undefined || value === '') return undefined;
  const match = allowed.find((option) => option === value);
  if (match === undefined) throw invalidQuery(name, `must be one of ${allowed.join(', ')}, not "${value}".`);
  return match;
}
