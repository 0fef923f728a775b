// The dependency-graph webview page. A pure string function (no `vscode` import) so that the panel
// adapter and the headless webview tests build the very same page.

export interface GraphHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per render. */
  nonce: string;
  /** `asWebviewUri` of dist/media/graph.js. */
  scriptUri: string;
  /** `asWebviewUri` of media/graph.css. */
  styleUri: string;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function graphHtml({ cspSource, nonce, scriptUri, styleUri }: GraphHtmlOptions): string {
  const csp = `default-src 'none'; style-src ${cspSource}; img-src ${cspSource}; script-src 'nonce-${nonce}'`;
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
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}
