/**
 * A structural view of a CloudFormation template over positioned nodes: sections and resources,
 * found once, with every node kept for ranges.
 */
import { get, type Entry, type MapNode, type Node, type ScalarNode } from '../../read/node.js';
import { Section } from '../../read/cloudformation/intrinsics.js';
import { canonicalType } from './resourceTypes.js';
import { plainValue } from '../../read/jsonView.js';

export interface CfnResource {
  id: string;
  /** The logical id key: findings point here. */
  key: ScalarNode;
  node: Node;
  type: string;
  properties: MapNode | undefined;
  metadata: Node | undefined;
  condition: string | undefined;
  dependsOn: ScalarNode[];
}

export interface CfnParameter {
  id: string;
  key: ScalarNode;
  type: string;
  default: Node | undefined;
}

export interface CfnTemplate {
  root: MapNode;
  resources: Map<string, CfnResource>;
  parameters: Map<string, CfnParameter>;
  conditions: Map<string, Entry>;
  mappings: MapNode | undefined;
  /** SAM and other macros generate resources we cannot see; missing references are then expected. */
  hasTransform: boolean;
}

/**
 * A resource of a JSON view, read from its parsed value: the same as the nodes say (see
 * {@link toTemplate}), with nodes made only for what is kept as nodes.
 */
function fromPlain(id: string, e: Entry, plain: Record<string, unknown>): CfnResource {
  const type = plain['Type'];
  const condition = plain['Condition'];
  const properties = plain['Properties'];
  const dep = plain['DependsOn'] === undefined ? undefined : get(e.value, 'DependsOn');
  return {
    id,
    key: e.key,
    node: e.value,
    type: type === undefined || (typeof type === 'object' && type !== null) ? '' : canonicalType(String(type)),
    properties: typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? (get(e.value, 'Properties') as MapNode) : undefined,
    metadata: plain['Metadata'] === undefined ? undefined : get(e.value, 'Metadata'),
    condition: typeof condition === 'string' ? condition : undefined,
    dependsOn: dependsOnNodes(dep),
  };
}

function dependsOnNodes(dep: Node | undefined): ScalarNode[] {
  return dep?.kind === 'scalar' ? [dep] : dep?.kind === 'seq' ? dep.items.filter((i): i is ScalarNode => i.kind === 'scalar') : [];
}

export function toTemplate(root: Node | undefined): CfnTemplate | undefined {
  const template = templateSections(root);
  if (!template) return undefined;
  const resNode = get(template.root, Section.Resources);
  if (resNode?.kind === 'map') {
    for (const e of resNode.entries) {
      const res = resourceOf(e);
      template.resources.set(res.id, res);
    }
  }
  return template;
}

/** One entry of `Resources`, read. */
export function resourceOf(e: Entry): CfnResource {
  const id = String(e.key.value);
  const plain = plainValue(e.value);
  if (typeof plain === 'object' && plain !== null && !Array.isArray(plain)) return fromPlain(id, e, plain as Record<string, unknown>);
  const typeNode = get(e.value, 'Type');
  const props = get(e.value, 'Properties');
  const cond = get(e.value, 'Condition');
  return {
    id,
    key: e.key,
    node: e.value,
    type: typeNode?.kind === 'scalar' ? canonicalType(String(typeNode.value)) : '',
    properties: props?.kind === 'map' ? props : undefined,
    metadata: get(e.value, 'Metadata'),
    condition: cond?.kind === 'scalar' && typeof cond.value === 'string' ? cond.value : undefined,
    dependsOn: dependsOnNodes(get(e.value, 'DependsOn')),
  };
}

/** The template's sections other than `Resources`, with no resources yet. */
export function templateSections(root: Node | undefined): CfnTemplate | undefined {
  if (root?.kind !== 'map') return undefined;
  const parameters = new Map<string, CfnParameter>();
  const paramNode = get(root, Section.Parameters);
  if (paramNode?.kind === 'map') {
    for (const e of paramNode.entries) {
      const t = get(e.value, 'Type');
      parameters.set(String(e.key.value), {
        id: String(e.key.value),
        key: e.key,
        type: t?.kind === 'scalar' ? String(t.value) : 'String',
        default: get(e.value, 'Default'),
      });
    }
  }
  const conditions = new Map<string, Entry>();
  const condNode = get(root, Section.Conditions);
  if (condNode?.kind === 'map') for (const e of condNode.entries) conditions.set(String(e.key.value), e);
  const mappings = get(root, Section.Mappings);
  return {
    root,
    resources: new Map(),
    parameters,
    conditions,
    mappings: mappings?.kind === 'map' ? mappings : undefined,
    hasTransform: get(root, Section.Transform) !== undefined,
  };
}
