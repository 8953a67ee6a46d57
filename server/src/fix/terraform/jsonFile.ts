/**
 * Edits on a `.tf.json` file through the shared JSON editor. Deletions and new resources are
 * collected and written together in {@link TfJsonEditor.finish}, because both touch the same
 * objects: a resource type whose every resource goes is deleted whole, and new resources join
 * their type's object after the last resource that stays.
 */
import { getEntry, withEntries, type Entry, type MapNode, type Node } from '../../read/node.js';
import { EditBuffer } from '../editBuffer.js';
import { JsonEditor } from '../jsonEdit.js';
import type { Expr } from '../types.js';
import { jsonBody, jsonValue, type TfExpr, type TfResourceBlock } from './blocks.js';
import { fromJsonNode, mentionsAddress, type TfBodyRef, type TfFileEditor } from './editor.js';
import { IGNORE_NOTE } from '../../model/suppressionComments.js';

export class TfJsonEditor implements TfFileEditor {
  readonly syntax = 'json' as const;
  private readonly json: JsonEditor;
  private readonly deleted = new Set<string>();
  private readonly added: TfResourceBlock[] = [];
  private readonly deletedOutputs = new Set<Entry>();

  constructor(
    readonly file: string,
    readonly buf: EditBuffer,
    private readonly root: MapNode,
  ) {
    this.json = new JsonEditor(buf);
  }

  private get resources(): MapNode | undefined {
    const r = getEntry(this.root, 'resource')?.value;
    return r?.kind === 'map' ? r : undefined;
  }

  private typeMap(type: string): MapNode | undefined {
    const m = this.resources ? getEntry(this.resources, type)?.value : undefined;
    return m?.kind === 'map' ? m : undefined;
  }

  addresses(): string[] {
    const out: string[] = [];
    for (const t of this.resources?.entries ?? []) {
      if (t.value.kind === 'map') for (const n of t.value.entries) out.push(`${String(t.key.value)}.${String(n.key.value)}`);
    }
    return out;
  }

  resource(address: string): TfBodyRef | undefined {
    const dot = address.indexOf('.');
    const node = this.typeMap(address.slice(0, dot)) ? getEntry(this.typeMap(address.slice(0, dot))!, address.slice(dot + 1))?.value : undefined;
    const body = node?.kind === 'seq' ? node.items[0] : node;
    return body?.kind === 'map' ? { kind: 'json', node: body } : undefined;
  }

  private map(body: TfBodyRef): MapNode {
    if (body.kind !== 'json') throw new Error('an HCL block in a JSON file');
    return body.node;
  }

  nested(body: TfBodyRef, name: string): TfBodyRef[] {
    const v = getEntry(this.map(body), name)?.value;
    const items: Node[] = v?.kind === 'seq' ? v.items : v ? [v] : [];
    return items.filter((n): n is MapNode => n.kind === 'map').map((node) => ({ kind: 'json', node }));
  }

  start(body: TfBodyRef): number {
    return this.map(body).span[0];
  }

  has(body: TfBodyRef, name: string): boolean {
    return getEntry(this.map(body), name) !== undefined;
  }

  value(body: TfBodyRef, name: string): TfExpr | undefined {
    const v = getEntry(this.map(body), name)?.value;
    return v ? fromJsonNode(v) : undefined;
  }

  listItems(body: TfBodyRef, name: string): TfExpr[] | undefined {
    const v = getEntry(this.map(body), name)?.value;
    return v?.kind === 'seq' ? v.items.map(fromJsonNode) : undefined;
  }

  set(body: TfBodyRef, name: string, value: TfExpr): void {
    this.json.setKey(this.map(body), name, jsonValue(value) as Expr);
  }

  appendToList(body: TfBodyRef, name: string, value: TfExpr): void {
    const entry = getEntry(this.map(body), name);
    if (entry?.value.kind === 'seq') return this.json.appendItem(entry.value, jsonValue(value) as Expr);
    if (!entry) return this.set(body, name, [value]);
    const old = fromJsonNode(entry.value);
    const oldText = typeof old === 'object' && !Array.isArray(old) && '$expr' in old ? old.$expr : JSON.stringify(old);
    this.set(body, name, { $expr: `concat(${oldText}, [${(jsonValue(value) as string).replace(/^\$\{|\}$/g, '')}])` });
  }

  deleteResource(address: string): void {
    if (this.resource(address)) this.deleted.add(address);
  }

  deleteOutputsMentioning(addresses: readonly string[]): void {
    const outputs = getEntry(this.root, 'output');
    if (outputs?.value.kind !== 'map') return;
    const gone = outputs.value.entries.filter((e) => !this.deletedOutputs.has(e) && addresses.some((a) => mentionsAddress(this.json.source(e.value), a)));
    if (gone.length === 0) return;
    for (const e of gone) this.deletedOutputs.add(e);
    if (gone.length === outputs.value.entries.length && gone.length > 0) this.deleteEntries(this.root, [outputs]);
    else this.deleteEntries(outputs.value, gone);
  }

  addResources(blocks: TfResourceBlock[]): void {
    // JSON has no comments; the new resources' names say what they are for.
    this.added.push(...blocks);
  }

  suppress(address: string, slug: string): void {
    const body = this.resource(address);
    if (!body) throw new Error(`${address} is not in ${this.file}`);
    const node = this.map(body);
    const existing = getEntry(node, '//');
    if (!existing) return this.json.addEntries(node, [['//', `vpc-lint-ignore ${slug}`]]);
    const text = existing.value.kind === 'scalar' && typeof existing.value.value === 'string' ? existing.value.value : undefined;
    // Another comment in `"//"` is the author's; vpc-lint does not write over it.
    if (text === undefined || !IGNORE_NOTE.test(text)) throw new Error(`${address} has a "//" comment already`);
    this.json.replaceValue(existing.value, `${text.trimEnd()} ${slug}`);
  }

  finish(): void {
    const resources = this.resources;
    if (!resources) {
      if (this.added.length) throw new Error(`${this.file} has no resource object to add to`);
      return;
    }
    const byType = new Map<string, string[]>();
    for (const a of this.deleted) {
      const dot = a.indexOf('.');
      byType.set(a.slice(0, dot), [...(byType.get(a.slice(0, dot)) ?? []), a.slice(dot + 1)]);
    }
    const goneTypes: Entry[] = [];
    for (const [type, names] of byType) {
      const map = this.typeMap(type)!;
      const gone = map.entries.filter((e) => names.includes(String(e.key.value)));
      if (gone.length === map.entries.length) goneTypes.push(getEntry(resources, type)!);
      else this.deleteEntries(map, gone);
    }
    this.deleteEntries(resources, goneTypes);
    const newTypes: [string, Expr][] = [];
    const groups = new Map<string, TfResourceBlock[]>();
    for (const b of this.added) groups.set(b.type, [...(groups.get(b.type) ?? []), b]);
    for (const [type, blocks] of groups) {
      const body = (b: TfResourceBlock): [string, Expr] => [b.name, jsonBody(b.body) as Expr];
      const map = this.typeMap(type);
      const kept = map?.entries.filter((e) => !this.deleted.has(`${type}.${String(e.key.value)}`)) ?? [];
      if (map && kept.length > 0) this.json.addEntries(withEntries(map, kept), blocks.map(body));
      else newTypes.push([type, Object.fromEntries(blocks.map(body))]);
    }
    const keptTypes = resources.entries.filter((e) => !goneTypes.includes(e));
    this.json.addEntries(withEntries(resources, keptTypes), newTypes);
  }

  private deleteEntries(map: MapNode, gone: Entry[]): void {
    this.json.deleteEntries(map, gone);
  }
}

export function openTfJson(file: string, text: string, root: Node | undefined): TfJsonEditor | undefined {
  return root?.kind === 'map' ? new TfJsonEditor(file, new EditBuffer(text), root) : undefined;
}
