// The parser and the checks live in dist/model.js, loaded on first use so that activation stays fast.
import * as path from 'path';

export type ModelLib = typeof import('../model/index');

let lib: ModelLib | undefined;

export function loadModel(): ModelLib {
  if (!lib) {
    // A computed path keeps esbuild from bundling the model into the extension.
    const file = path.join(__dirname, 'model.js');
    lib = require(file) as ModelLib;
  }
  return lib;
}
