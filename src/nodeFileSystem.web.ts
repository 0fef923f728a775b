// The web extension's stand-in for nodeFileSystem.ts (scripts/build.mjs swaps it in): a browser web worker has no
// Node fs, so every file is read through the editor's workspace.fs (extension/fileSystem.ts).
import type { PlanFileSystem } from './model/files';

export const nodeFileSystem: PlanFileSystem | undefined = undefined;
