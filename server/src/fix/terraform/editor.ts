/**
 * Edits on one Terraform file, HCL (`.tf`) or JSON syntax (`.tf.json`), addressed by resource
 * address and attribute name. Both keep the author's text outside the edited spans byte for byte.
 * The emitters speak only this interface, so a module that mixes both syntaxes is edited in each
 * file's own syntax.
 */
import type { MapNode, Node } from '../../read/node.js';
import type { ScannedBlock } from '../../read/terraform/hcl.js';
import type { EditBuffer } from '../editBuffer.js';
import type { TfExpr, TfResourceBlock } from './blocks.js';

/** A block body in a file: a JSON object or a scanned HCL block. */
export type TfBodyRef = { kind: 'json'; node: MapNode } | { kind: 'hcl'; block: ScannedBlock };

export interface TfFileEditor {
  readonly file: string;
  readonly syntax: 'hcl' | 'json';
  readonly buf: EditBuffer;
  /** `type.name` of every resource the file declares. */
  addresses(): string[];
  resource(address: string): TfBodyRef | undefined;
  /** Nested blocks of that name (`ingress`, `network_interface`, `launch_template`). */
  nested(body: TfBodyRef, name: string): TfBodyRef[];
  /** Where the body starts (its `{`): what model sites of nested blocks point at. */
  start(body: TfBodyRef): number;
  has(body: TfBodyRef, name: string): boolean;
  /** The attribute's value as written, for copying elsewhere; undefined when absent. */
  value(body: TfBodyRef, name: string): TfExpr | undefined;
  /** The items of a list attribute written item by item; undefined for any other expression. */
  listItems(body: TfBodyRef, name: string): TfExpr[] | undefined;
  /** Replaces the attribute's value, or adds the attribute. */
  set(body: TfBodyRef, name: string, value: TfExpr): void;
  /** Adds an item to a list attribute (or creates the attribute with that one item). */
  appendToList(body: TfBodyRef, name: string, value: TfExpr): void;
  deleteResource(address: string): void;
  /** Deletes `output` blocks whose expression mentions one of the addresses. */
  deleteOutputsMentioning(addresses: readonly string[]): void;
  /** New resources at the end of the file (HCL) or of the `resource` object (JSON). */
  addResources(blocks: TfResourceBlock[], comment: string): void;
  /** Turns a rule off for a resource: a comment above it (HCL) or a `"//"` key (JSON). */
  suppress(address: string, slug: string): void;
  /** Writes deferred edits; call once, before reading the buffer's edits. */
  finish(): void;
}

/** `aws_eip.web` is mentioned by `aws_eip.web.public_ip` or `aws_eip.web[0]`, not by `aws_eip.web2`. */
export function mentionsAddress(text: string, address: string): boolean {
  const esc = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.-])${esc}(?![\\w-])`).test(text);
}

/** A JSON-syntax string as an expression: `"${x.y}"` is the expression `x.y`, anything else a template. */
export function fromJsonString(s: string): TfExpr {
  const m = /^\$\{([^{}]*)\}$/.exec(s);
  return m ? { $expr: m[1]!.trim() } : s;
}

export function fromJsonNode(n: Node): TfExpr {
  if (n.kind === 'scalar') return typeof n.value === 'string' ? fromJsonString(n.value) : n.value === null ? { $expr: 'null' } : n.value;
  if (n.kind === 'seq') return n.items.map(fromJsonNode);
  return { $object: n.entries.map((e) => [String(e.key.value), fromJsonNode(e.value)]) };
}
