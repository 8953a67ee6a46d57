/**
 * Messages between the extension host and the traffic-path webview. Both sides import these
 * types; nothing else crosses `postMessage`. Messages that expect an answer carry a `requestId`,
 * and the answer repeats it.
 */
import type { SourceLocation, TrafficPathResult } from './lspExtensions.js';

/** Host → webview: the path to draw (again). Sent after `ready` and whenever the document changes. */
export interface UpdateMessage {
  type: 'update';
  /** The path, or `null` when the resource no longer exists or is not compute. */
  path: TrafficPathResult | null;
  /** The document and version the path was computed from. */
  uri: string;
  version?: number;
  /** A unified diff of the quick fix's template change, when one is known. */
  diff?: string;
  /** Monthly requests the user entered earlier (kept by the host across panels). */
  monthlyRequests?: number;
  /** Why the path could not be computed, if it could not. */
  error?: string;
}

/** Host → webview: the answer to a {@link RefreshMessage}. */
export interface RefreshedMessage {
  type: 'refreshed';
  requestId: number;
  ok: boolean;
  error?: string;
}

/** Everything the host sends. */
export type HostToWebviewMessage = UpdateMessage | RefreshedMessage;

/** Webview → host: the script has loaded and listens; send the current path. */
export interface ReadyMessage {
  type: 'ready';
}

/** Webview → host: open the file at a step's source and select it. */
export interface RevealMessage {
  type: 'reveal';
  location: SourceLocation;
}

/** Webview → host: the user changed the monthly request figure for the cost estimate. */
export interface SetRequestsMessage {
  type: 'setRequests';
  monthly: number;
}

/** Webview → host: compute the path again now; answered with {@link RefreshedMessage}. */
export interface RefreshMessage {
  type: 'refresh';
  requestId: number;
}

/** Everything the webview sends. */
export type WebviewToHostMessage = ReadyMessage | RevealMessage | SetRequestsMessage | RefreshMessage;

/** What the webview keeps with `setState`, so that VS Code can restore the panel after a reload. */
export interface TrafficPanelState {
  uri: string;
  resource: string;
  monthlyRequests?: number;
}

/** Narrows an unknown `postMessage` payload from the webview to a known message, or `undefined`. */
export function parseWebviewMessage(value: unknown): WebviewToHostMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m['type']) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal': {
      const location = m['location'] as Record<string, unknown> | undefined;
      const range = location?.['range'] as { start?: { line?: unknown; character?: unknown }; end?: { line?: unknown; character?: unknown } } | undefined;
      const nums = [range?.start?.line, range?.start?.character, range?.end?.line, range?.end?.character];
      if (typeof location?.['uri'] !== 'string' || !nums.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) return undefined;
      const [sl, sc, el, ec] = nums as number[];
      return { type: 'reveal', location: { uri: location['uri'], range: { start: { line: sl!, character: sc! }, end: { line: el!, character: ec! } } } };
    }
    case 'setRequests':
      return typeof m['monthly'] === 'number' && Number.isFinite(m['monthly']) && m['monthly'] >= 0 ? { type: 'setRequests', monthly: m['monthly'] } : undefined;
    case 'refresh':
      return typeof m['requestId'] === 'number' ? { type: 'refresh', requestId: m['requestId'] } : undefined;
    default:
      return undefined;
  }
}
