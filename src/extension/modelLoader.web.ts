// The browser build's modelLoader (scripts/build.mjs swaps it in): a web worker cannot `require` a file, so the parser
// and the checks are bundled into the extension itself.
import * as lib from '../model/index';

export type ModelLib = typeof lib;

export function loadModel(): ModelLib {
  return lib;
}
