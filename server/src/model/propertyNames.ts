/**
 * The name a user wrote for a model fact, in their own format: messages quote the property they
 * can search for, `MapPublicIpOnLaunch` in CloudFormation and `map_public_ip_on_launch` in Terraform.
 */
import type { Origin } from './types.js';

const NAMES = {
  associatePublicIp: ['AssociatePublicIpAddress', 'associate_public_ip_address'],
  mapPublicIp: ['MapPublicIpOnLaunch', 'map_public_ip_on_launch'],
} as const;

export type Fact = keyof typeof NAMES;

export function propertyName(origin: Pick<Origin, 'type'> | undefined, fact: Fact): string {
  const terraform = origin?.type.startsWith('aws_') === true;
  return NAMES[fact][terraform ? 1 : 0];
}
