/**
 * The traffic-path panel's HTML. Pure (no `vscode` import), so that the webview tests render the
 * exact markup the extension serves. Everything dynamic is drawn by the bundled script
 * (client/webview/panel.ts); this page only holds the skeleton, the CSP and the two bundle files.
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin the webview may load the bundle from. */
  cspSource: string;
  /** A fresh nonce per render; see {@link createNonce}. */
  nonce: string;
  /** `webview.asWebviewUri` of client/out/webview/panel.js and panel.css. */
  scriptUri: string;
  styleUri: string;
}

/** 128 random bits, base64: the nonce that lets exactly our script run. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Nothing by default; scripts only with the nonce; styles from the bundle folder (and the nonce);
 * images from the bundle folder or data: URIs. No remote content, no inline handlers.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The whole document. */
export function renderPanelHtml(o: PanelHtmlOptions): string {
  const nonce = attr(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}" nonce="${nonce}">
<title>vpc-lint traffic path</title>
</head>
<body>
<main aria-labelledby="title">
  <header class="top">
    <div>
      <h1 id="title">Traffic path</h1>
      <p class="muted"><span id="resource-type"></span> <span id="ports" class="ports"></span></p>
    </div>
    <button id="refresh" type="button">Refresh</button>
  </header>
  <p id="loading" class="muted">Loading the traffic path…</p>
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <div id="content" hidden>
    <div id="paths" class="paths">
      <section class="column" aria-labelledby="today-heading">
        <h2 id="today-heading">Today</h2>
        <ol id="today" class="chain" aria-labelledby="today-heading"></ol>
      </section>
      <section class="column" aria-labelledby="proposed-heading">
        <h2 id="proposed-heading">Proposed: API Gateway front door</h2>
        <ol id="proposed" class="chain" aria-labelledby="proposed-heading"></ol>
      </section>
    </div>
    <p class="legend muted"><span class="swatch" aria-hidden="true"></span> Highlighted boxes are what makes the instance reachable from the internet. Select a box (Enter) to show its source; arrow keys move between boxes.</p>
    <section aria-labelledby="diff-heading">
      <h2 id="diff-heading">Template change</h2>
      <div id="diff"></div>
    </section>
    <section aria-labelledby="considerations-heading" class="considerations">
      <h2 id="considerations-heading">Considerations</h2>
      <h3>Cost</h3>
      <p><label for="requests">Requests per month</label>
        <input id="requests" type="number" min="0" step="100000" inputmode="numeric"></p>
      <table class="cost">
        <caption class="muted">Monthly API Gateway request charge for <span id="cost-requests"></span> requests</caption>
        <thead><tr><th scope="col">API type</th><th scope="col">Rate</th><th scope="col">Per month</th></tr></thead>
        <tbody>
          <tr><th scope="row">REST API</th><td id="rate-rest"></td><td id="cost-rest"></td></tr>
          <tr><th scope="row">HTTP API</th><td id="rate-http"></td><td id="cost-http"></td></tr>
        </tbody>
      </table>
      <p id="cost-source" class="muted"></p>
      <ul id="cost-notes" class="notes"></ul>
      <h3>Latency</h3>
      <p id="latency"></p>
      <h3>Static content</h3>
      <p id="static"></p>
      <div id="not-carried-section">
        <h3>Not carried by API Gateway</h3>
        <ul id="not-carried" class="notes"></ul>
      </div>
      <h3>Monitoring</h3>
      <ul id="monitoring" class="monitoring"></ul>
    </section>
  </div>
</main>
<script nonce="${nonce}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
