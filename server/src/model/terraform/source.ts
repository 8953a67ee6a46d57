/**
 * What the Terraform model builder reads: resources with attributes and nested blocks, whatever
 * the input (a plan's JSON, `.tf.json`, HCL). Each input has an adapter that answers these
 * questions; the builder never looks at the input's own structure.
 */
import type { LineIndex, Span, Where } from '../../read/node.js';

/** A JSON value as Terraform gives it. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/**
 * A reference to resources, already resolved to the instances that exist in the input, each
 * named by its {@link TfResource.handle}. `handles` holds several entries when the reference
 * names a resource with `count`/`for_each` as a whole, or when an index could not be fixed: any
 * of them may be the one meant.
 */
export interface TfTarget {
  handles: readonly number[];
  /** The attribute read, e.g. `id`, `default_route_table_id`; undefined for the whole object. */
  attr?: string;
  /** The reference as written, for messages: `aws_subnet.public[0].id`. */
  text: string;
}

/**
 * An attribute's value. `known`: the value is fixed (null never appears: that is `absent`).
 * `unknown`: it is decided only at apply time or by an input vpc-lint cannot see; `targets`
 * then say which resources it comes from, when the expression references any.
 * `absent`: the attribute is not set (the provider's default applies).
 */
export type TfVal =
  | { state: 'known'; value: Exclude<Json, null>; at?: Where; targets: readonly TfTarget[]; items?: TfVal[] }
  | { state: 'unknown'; reason: string; at?: Where; targets: readonly TfTarget[]; items?: TfVal[] }
  | { state: 'absent'; at?: Where; targets: readonly TfTarget[] };

/* `items`, when present, is the value of each element of a list written item by item in code,
   so one unknown element does not hide what the others say. `at` is where the value is written:
   adapters pass the node, whose span is found only if a finding shows it. */

/** A block body: the resource itself or a nested block (`ingress`, `route`, `network_interface`). */
export interface TfBody {
  at?: Where;
  attr(name: string): TfVal;
  /** Nested blocks (or a list-of-objects attribute) of that name; `unknown` when the list itself is. */
  blocks(name: string): { items: TfBody[]; unknown?: string; at?: Where };
}

export interface TfResource {
  /** Full instance address: `module.web.aws_instance.this[0]`, or `aws_instance.web[*]` for an unexpanded `count`. */
  address: string;
  /**
   * The adapter's number for the resource (unique among those it gives), by which targets name
   * it: the builder finds a target by index, where an address would be a string to hash for
   * every resource.
   */
  handle: number;
  type: string;
  file: string;
  lines: LineIndex;
  /** Where a finding about the resource points (the address in a plan, the block header in code). */
  at: Where;
  /** Its text can hold comment lines (HCL, or JSON read leniently), so suppressions may sit above it. */
  comments?: boolean;
  body: TfBody;
  /** Conditions under which it exists, in words ("count of aws_instance.web is not zero"). */
  when?: string[];
}

/** A problem an adapter met (a broken reference); reported like a template error. */
export interface TfProblem {
  code: string;
  message: string;
  file: string;
  lines: LineIndex;
  span: Span;
}

/** The targets of a value that references nothing: shared, never changed. */
export const NO_TARGETS: readonly TfTarget[] = Object.freeze([]);

export const ABSENT: TfVal = { state: 'absent', targets: NO_TARGETS };

export function isEmptyValue(v: Json | undefined): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}
