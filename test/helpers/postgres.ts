/**
 * A fresh database on the run's one PostgreSQL cluster (test/setup/postgres-cluster.ts) for a test file, and
 * its removal. Each test file gets its own database, so files run in parallel without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { PostgresClusterInfo } from '../setup/postgres-cluster.js';

async function clusterInfo(): Promise<PostgresClusterInfo> {
  const response = await fetch(inject('postgresCluster'));
  if (!response.ok) throw new Error(`the test PostgreSQL did not start: ${await response.text()}`);
  return (await response.json()) as PostgresClusterInfo;
}

export interface TestDatabase {
  url: string;
  name: string;
  info: PostgresClusterInfo;
  /** A URL to the same database through another host and port (a fault-injecting proxy). */
  urlVia(host: string, port: number): string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const info = await clusterInfo();
  const name = `scim_desk_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres({
    host: info.host,
    port: info.port,
    user: info.user,
    password: info.password,
    database: 'postgres',
    max: 1,
    onnotice: () => undefined,
  });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const urlVia = (host: string, port: number) => `postgres://${info.user}:${info.password}@${host}:${port}/${name}`;
  return {
    url: urlVia(info.host, info.port),
    name,
    info,
    urlVia,
    drop: async () => {
      const dropper = postgres({
        host: info.host,
        port: info.port,
        user: info.user,
        password: info.password,
        database: 'postgres',
        max: 1,
        onnotice: () => undefined,
      });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
