/**
 * Fix plans are format-neutral: what to add, move, drop and narrow. Emitters (one per input
 * format) turn a plan into text edits that keep the user's formatting.
 */
import type { Range } from '../read/node.js';
import type { Site } from '../model/types.js';

/** A value in a plan: plain data, or a reference the emitter writes in its own syntax. */
export type Expr =
  | string
  | number
  | boolean
  | Expr[]
  | { [key: string]: Expr }
  | { $ref: string }
  | { $getAtt: [string, string] }
  | { $sub: string }
  | { $azIndex: number }
  /** The user's own expression, copied verbatim (same syntax as the document). */
  | { $raw: string };

export type FrontDoorVariant = 'rest' | 'http';

/** The subnet the compute moves to: one that exists, or one the fix adds. */
export type PrivateSubnetChoice =
  | { existing: string[] }
  | { create: { name: string; cidr: string; routeTable: string; association: string; natRoute?: NatRoutePlan } };

export type NatRoutePlan = { route: string; nat: { existing: string } | { create: { name: string; eip: string; publicSubnet: string; /** The gateway attachment the EIP must wait for (AWS's advice). */ attachment?: string } } };

export interface FrontDoorPlan {
  variant: FrontDoorVariant;
  computeId: string;
  computeKind: 'instance' | 'auto-scaling-group';
  vpcId: string;
  /** The VPC's CIDR, when known: used to narrow rules and to choose a new subnet's block. */
  vpcCidr?: string;
  privateSubnet: PrivateSubnetChoice;
  /** Separately declared network interfaces of the compute that move with it. */
  interfaces: string[];
  /** The port API Gateway forwards to (HTTP). Admin ports are never forwarded. */
  port: number;
  dropPublicAddress: PublicAddressPlan;
  narrow: NarrowPlan[];
  names: {
    nlb: string;
    targetGroup: string;
    listener: string;
    vpcLink: string;
    api: string;
    proxyResource: string;
    proxyMethod: string;
    rootMethod: string;
    deployment: string;
    stage: string;
    integration: string;
    route: string;
  };
}

export interface PublicAddressPlan {
  /** Set AssociatePublicIpAddress to false where it is written (instance NI or launch template). */
  associatePublicIp: boolean;
  /** Elastic IP resources and association resources to delete. */
  removeResources: string[];
}

/** Narrow one world-open security-group rule to the VPC's CIDR. */
export interface NarrowPlan {
  group: string;
  /** Standalone rule resource id, or undefined for an inline rule of `group`. */
  ruleResource?: string;
  family: 4 | 6;
  /** Where the rule is written: emitters find its node there. */
  site: Site;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** One quick fix, ready for the editor: a title, its edits and a preview. */
export interface CodeFix {
  title: string;
  /** LSP code action kind: 'quickfix' or 'refactor.rewrite'. */
  kind: string;
  isPreferred?: boolean;
  edits: TextEdit[];
  /**
   * Edits in other files of the same unit (a Terraform module: the security group or the Elastic
   * IP may be declared in another file than the compute). Files are named as the engine was given them.
   */
  moreEdits?: { file: string; edits: TextEdit[] }[];
  /** A summary of the resulting template change (CloudFormation diff), when computed. */
  preview?: string;
  /** Fixes this diagnostic (the rule slug). */
  fixes: string;
}
