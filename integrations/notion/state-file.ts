/**
 * The state and config files of `cascade notion` (default state: `<document>.notion.json`), written
 * atomically (a temporary file renamed over the old one).
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { emptyState, parseState, type SyncConfig, type SyncState } from "./state.ts";

export class StateFileError extends Error {
  override readonly name = "StateFileError";
}

export async function readState(path: string): Promise<SyncState> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw new StateFileError(`cannot read the state file ${path}: ${(error as Error).message}`);
  }
  try {
    return parseState(text);
  } catch (error) {
    throw new StateFileError(`the state file ${path} is damaged: ${(error as Error).message}`);
  }
}

export async function writeState(path: string, state: SyncState): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(state, null, 1)}\n`, "utf8");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function readConfig(path: string | undefined): Promise<SyncConfig> {
  if (path === undefined) return {};
  try {
    return JSON.parse(await readFile(path, "utf8")) as SyncConfig;
  } catch (error) {
    throw new StateFileError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
}
