/**
 * The traffic-path panel's UI: two chains of boxes (today, proposed), the fix's diff and the
 * considerations. It draws whatever the host sends in `update` messages and posts `reveal` when a
 * box with a source location is activated. DOM only: no `vscode` import, no remote content, no
 * inline styles (the Content-Security-Policy forbids them).
 */
import './panel.css';
import {
  monthlyCostUsd,
  type SourceLocation,
  type TrafficPathResult,
  type TrafficStep,
} from '../../protocol/src/lspExtensions.js';
import type { HostToWebviewMessage, UpdateMessage } from '../../protocol/src/webviewMessages.js';
import { vscodeApi } from './vscodeApi.js';

const KIND_LABEL: Record<TrafficStep['kind'], string> = {
  user: 'Client',
  'public-address': 'Public address',
  'internet-gateway': 'Internet Gateway',
  route: 'Route',
  subnet: 'Subnet',
  'network-acl': 'Network ACL',
  'security-group-rule': 'Security group',
  compute: 'Compute',
  'api-gateway': 'API Gateway',
  'vpc-link': 'VPC link',
  'load-balancer': 'Load balancer',
  blocked: 'Blocked',
};

let last: UpdateMessage | undefined;
let nextRequestId = 1;
const pendingRefresh = new Set<number>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`panel markup has no #${id}`);
  return node;
}

function reveal(location: SourceLocation): void {
  vscodeApi.postMessage({ type: 'reveal', location });
}

/** Makes a box or link-like element activate with click, Enter and Space. */
function activates(node: HTMLElement, action: () => void): void {
  node.addEventListener('click', action);
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      action();
    }
  });
}

function stepLabel(step: TrafficStep, index: number, total: number, column: string): string {
  const parts = [`${column}, step ${index + 1} of ${total}: ${KIND_LABEL[step.kind]}, ${step.title}`];
  if (step.detail) parts.push(step.detail);
  if (step.highlight) parts.push('makes the instance reachable from the internet');
  parts.push(step.location ? 'press Enter to show its source' : 'not declared in your files');
  return parts.join('. ');
}

function renderChain(list: HTMLElement, steps: TrafficStep[], column: string): void {
  list.replaceChildren();
  steps.forEach((step, index) => {
    const item = el('li', 'step-item');
    const box = el('div', `step kind-${step.kind}${step.highlight ? ' highlight' : ''}${step.location ? ' has-source' : ''}`);
    box.tabIndex = 0;
    box.setAttribute('role', 'button');
    box.setAttribute('aria-label', stepLabel(step, index, steps.length, column));
    box.dataset['index'] = String(index);
    if (!step.location) box.setAttribute('aria-disabled', 'true');
    box.append(el('span', 'step-kind', KIND_LABEL[step.kind]), el('span', 'step-title', step.title));
    if (step.detail) box.append(el('span', 'step-detail', step.detail));
    if (step.highlight) box.append(el('span', 'badge', 'opens it to the internet'));
    if (step.location) {
      const location = step.location;
      box.title = `Show ${step.title} in the template (line ${location.range.start.line + 1})`;
      activates(box, () => reveal(location));
    }
    item.append(box);
    if (index < steps.length - 1) {
      const arrow = el('span', 'arrow', '↓');
      arrow.setAttribute('aria-hidden', 'true');
      item.append(arrow);
    }
    list.append(item);
  });
}

/** Arrow keys move between boxes: up/down in a column, left/right across columns. */
function onChainKey(event: KeyboardEvent): void {
  const box = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('.step') : null;
  if (!box) return;
  const chains = [byId('today'), byId('proposed')];
  const column = chains.findIndex((c) => c.contains(box));
  const boxes = (c: HTMLElement) => [...c.querySelectorAll<HTMLElement>('.step')];
  const index = boxes(chains[column]!).indexOf(box);
  let target: HTMLElement | undefined;
  switch (event.key) {
    case 'ArrowDown':
      target = boxes(chains[column]!)[index + 1];
      break;
    case 'ArrowUp':
      target = boxes(chains[column]!)[index - 1];
      break;
    case 'ArrowLeft':
    case 'ArrowRight': {
      const other = boxes(chains[column === 0 ? 1 : 0]!);
      target = other[Math.min(index, other.length - 1)];
      break;
    }
    case 'Home':
      target = boxes(chains[column]!)[0];
      break;
    case 'End':
      target = boxes(chains[column]!).at(-1);
      break;
    default:
      return;
  }
  event.preventDefault();
  target?.focus();
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US');

function monthlyRequests(): number {
  const input = byId('requests') as HTMLInputElement;
  const n = Number(input.value);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

function renderCost(path: TrafficPathResult): void {
  const cost = path.considerations.cost;
  const n = monthlyRequests();
  byId('cost-rest').textContent = usd.format(monthlyCostUsd(n, cost.restApi));
  byId('cost-http').textContent = usd.format(monthlyCostUsd(n, cost.httpApi));
  byId('cost-requests').textContent = count.format(n);
}

function renderConsiderations(path: TrafficPathResult): void {
  const c = path.considerations;
  const rest = c.cost.restApi[0];
  const http = c.cost.httpApi[0];
  byId('rate-rest').textContent = rest ? `${usd.format(rest.usdPerMillion)} per million (first ${count.format(rest.upToRequests ?? 0)} a month)` : '';
  byId('rate-http').textContent = http ? `${usd.format(http.usdPerMillion)} per million (first ${count.format(http.upToRequests ?? 0)} a month)` : '';
  const source = byId('cost-source');
  source.replaceChildren('As published in ');
  const link = el('a', undefined, c.cost.source.title);
  link.href = c.cost.source.url;
  source.append(link, `, checked ${c.cost.source.checked}; region ${c.cost.source.region}.`);
  const notes = byId('cost-notes');
  notes.replaceChildren(...c.cost.notes.map((n) => el('li', undefined, n)));
  byId('latency').textContent = c.latency;
  byId('static').textContent = c.staticContent;
  const carried = byId('not-carried');
  carried.replaceChildren(...c.notCarried.map((n) => el('li', undefined, n)));
  byId('not-carried-section').hidden = c.notCarried.length === 0;
  const monitoring = byId('monitoring');
  monitoring.replaceChildren(
    ...c.monitoring.map((m) => {
      const item = el('li', m.enabled ? 'on' : 'off');
      item.append(el('span', 'state', m.enabled ? 'On' : 'Off'), ' ', el('strong', undefined, m.name), `: ${m.detail}`);
      const location = m.location;
      if (location) {
        const open = el('button', 'link', 'Show source');
        open.type = 'button';
        open.setAttribute('aria-label', `Show the source of ${m.name}`);
        open.addEventListener('click', () => reveal(location));
        item.append(' ', open);
      }
      return item;
    }),
  );
  renderCost(path);
}

function renderDiff(diff: string | undefined, title: string | undefined): void {
  const target = byId('diff');
  if (!diff) {
    target.replaceChildren(el('p', 'muted', 'Apply the quick fix to preview the change.'));
    return;
  }
  const pre = el('pre', 'diff');
  pre.setAttribute('aria-label', 'Unified diff of the template change');
  for (const line of diff.split('\n')) {
    const cls = line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'ctx';
    pre.append(el('span', `line ${cls}`, line), '\n');
  }
  target.replaceChildren(...(title ? [el('p', 'muted', `Quick fix: ${title}`)] : []), pre);
}

function render(message: UpdateMessage): void {
  last = message;
  const path = message.path;
  byId('loading').hidden = true;
  const status = byId('status');
  if (message.error !== undefined || path === null) {
    status.textContent = message.error ?? 'This resource is not compute vpc-lint models, or it is no longer in the file.';
    status.className = 'status problem';
    byId('content').hidden = true;
    return;
  }
  byId('content').hidden = false;
  status.className = `status ${path.reachable ? 'reachable' : 'safe'}`;
  status.textContent = path.summary;
  byId('title').textContent = `Traffic path: ${path.resource}`;
  byId('resource-type').textContent = path.resourceType;
  byId('ports').textContent = path.ports.length > 0 ? `Open to the internet on ${path.ports.join(', ')}` : '';
  byId('proposed-heading').textContent = path.proposedExists ? 'API Gateway front door (in this template)' : 'Proposed: API Gateway front door';
  renderChain(byId('today'), path.today, 'Today');
  renderChain(byId('proposed'), path.proposed, 'Proposed');
  if (message.monthlyRequests !== undefined) (byId('requests') as HTMLInputElement).value = String(message.monthlyRequests);
  else if ((byId('requests') as HTMLInputElement).value === '') (byId('requests') as HTMLInputElement).value = String(path.considerations.cost.defaultMonthlyRequests);
  renderConsiderations(path);
  renderDiff(message.diff, message.diff !== undefined && message.diff === path.fix?.diff ? path.fix.title : undefined);
  vscodeApi.setState({ uri: message.uri, resource: path.resource, monthlyRequests: monthlyRequests() });
}

function onMessage(event: MessageEvent<unknown>): void {
  const message = event.data as HostToWebviewMessage;
  if (typeof message !== 'object' || message === null) return;
  switch (message.type) {
    case 'update':
      render(message);
      return;
    case 'refreshed':
      if (!pendingRefresh.delete(message.requestId)) return;
      byId('refresh').removeAttribute('aria-busy');
      if (!message.ok) {
        const status = byId('status');
        status.textContent = `Refresh failed: ${message.error ?? 'unknown error'}`;
        status.className = 'status problem';
      }
      return;
  }
}

function start(): void {
  window.addEventListener('message', onMessage);
  byId('paths').addEventListener('keydown', onChainKey);
  const input = byId('requests') as HTMLInputElement;
  const saved = vscodeApi.getState()?.monthlyRequests;
  if (saved !== undefined) input.value = String(saved);
  input.addEventListener('input', () => {
    if (last?.path) renderCost(last.path);
  });
  input.addEventListener('change', () => {
    const monthly = monthlyRequests();
    vscodeApi.postMessage({ type: 'setRequests', monthly });
    if (last?.path) vscodeApi.setState({ uri: last.uri, resource: last.path.resource, monthlyRequests: monthly });
  });
  byId('refresh').addEventListener('click', () => {
    const requestId = nextRequestId++;
    pendingRefresh.add(requestId);
    byId('refresh').setAttribute('aria-busy', 'true');
    vscodeApi.postMessage({ type: 'refresh', requestId });
  });
  vscodeApi.postMessage({ type: 'ready' });
}

start();
