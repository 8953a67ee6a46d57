/**
 * The one object VS Code gives a webview: post to the extension host and keep state across
 * reloads. `acquireVsCodeApi` may be called once; everything else goes through this module.
 */
import type { TrafficPanelState, WebviewToHostMessage } from '../../protocol/src/webviewMessages.js';

/** What `acquireVsCodeApi()` returns, typed for this panel's messages and state. */
export interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): TrafficPanelState | undefined;
  setState(state: TrafficPanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscodeApi: VsCodeApi = acquireVsCodeApi();
