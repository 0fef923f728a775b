// The dependency-graph webview page. A pure string function (no `vscode` import) so that the panel
// adapter and the headless webview tests build the very same page.
import type { ToWebview } from '../protocol';

export interface GraphHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per render. */
  nonce: string;
  /** `asWebviewUri` of dist/media/graph.js. */
  scriptUri: string;
  /** `asWebviewUri` of dist/media/elk.js (the layout engine, loaded by the page after its first drawing). */
  elkUri: string;
  /** `asWebviewUri` of media/graph.css. */
  styleUri: string;
  /** The first message, in the page itself: drawn as the page's script starts, before any message round trip. */
  initial?: ToWebview;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `value` as JSON that can stand inside a `<script type="application/json">` element: `<`, `>` and `&` as \u escapes
 * (so no `</script>` or `<!--` can end or bend the element, whatever the plan's text) and the line and paragraph
 * separators too. JSON.parse reads it back unchanged; the element is data, never run.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function graphHtml({ cspSource, nonce, scriptUri, elkUri, styleUri, initial }: GraphHtmlOptions): string {
  const csp = `default-src 'none'; style-src ${cspSource}; img-src ${cspSource}; script-src 'nonce-${nonce}'`;
  const data = initial ? `<script type="application/json" id="initial-message">${scriptJson(initial)}</script>\n` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>Plan dependency graph</title>
</head>
<body>
<div id="app" class="app"></div>
${data}<script nonce="${attr(nonce)}" src="${attr(scriptUri)}" data-elk="${attr(elkUri)}"></script>
</body>
</html>
`;
}
