#!/usr/bin/env node
// The `cascade` command. The CLI is TypeScript run through tsx, so a clone works after `npm ci`
// without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
