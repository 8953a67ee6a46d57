/**
 * Amazon API Gateway's per-request prices, as AWS publishes them. The traffic-path panel turns
 * them into a monthly estimate from the user's own request count.
 *
 * Source: AWS whitepaper "Best Practices for Designing Amazon API Gateway Private APIs and Private
 * Integration", section "Cost optimization", Table 4 "REST and HTTP API pricing",
 * https://docs.aws.amazon.com/pt_br/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html
 * (the English text), read on 2026-11-26. The page labels the HTTP API figures "us-east-1"; it
 * gives the REST API figures without a region. The pricing page itself,
 * https://aws.amazon.com/api-gateway/pricing/, renders its rate tables from scripts, so the
 * figures could not be read from it. Prices change; update both the figures and the date together.
 */
import type { PriceSource, PriceTier } from '../../../protocol/src/lspExtensions.js';

export const API_GATEWAY_PRICE_SOURCE: Readonly<PriceSource> = Object.freeze({
  title: 'AWS whitepaper: Best Practices for Designing Amazon API Gateway Private APIs and Private Integration — Cost optimization, Table 4',
  url: 'https://docs.aws.amazon.com/pt_br/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
  checked: '2026-11-26',
  region: 'us-east-1 (as labelled for HTTP APIs; the REST API figures carry no region on the page)',
});

/** REST API calls per month: first 333 million, next 667 million, next 19 billion, over 20 billion. */
export const REST_API_TIERS: readonly PriceTier[] = Object.freeze([
  { upToRequests: 333_000_000, usdPerMillion: 3.5 },
  { upToRequests: 667_000_000, usdPerMillion: 2.8 },
  { upToRequests: 19_000_000_000, usdPerMillion: 2.38 },
  { upToRequests: null, usdPerMillion: 1.51 },
]);

/** HTTP API calls per month: first 300 million, then above. Metered in 512 KB increments. */
export const HTTP_API_TIERS: readonly PriceTier[] = Object.freeze([
  { upToRequests: 300_000_000, usdPerMillion: 1.0 },
  { upToRequests: null, usdPerMillion: 0.9 },
]);

/** What the same page says beside the figures, in our words. */
export const API_GATEWAY_COST_NOTES: readonly string[] = Object.freeze([
  'New accounts get one million REST and one million HTTP API calls a month free for up to twelve months; the estimate ignores it.',
  'HTTP API requests are metered in 512 KB increments: a 600 KB request counts twice.',
  'A private integration needs a Network Load Balancer, billed per hour whether or not it carries traffic, for as long as the VPC link is active.',
  'Data transferred out, and the optional REST API cache (per hour, by size), are billed on top.',
]);
