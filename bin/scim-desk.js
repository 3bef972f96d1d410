#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so `npx scim-desk` works straight from a checkout.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
