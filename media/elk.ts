// The layout engine for the graph page, as its own script (dist/media/elk.js): loaded by media/elkLazy.ts after the
// first drawing, so that the page's script stays small and draws at once.
import ELK from 'elkjs/lib/elk.bundled.js';

globalThis.planAuthorElk = ELK as unknown as typeof globalThis.planAuthorElk;
