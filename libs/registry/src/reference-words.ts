import chainAliases from './industry-chain/industry-chain-aliases.json';
import districts from './kunshan-districts.json';

/** Other names of the industry chains, by chain code (search understands them in a question). */
export const INDUSTRY_CHAIN_ALIASES: Record<string, string[]> = chainAliases;

/** Kunshan's districts and towns (区镇) with the other names people and records use for them. */
export const KUNSHAN_DISTRICTS: Array<{ name: string; aliases: string[] }> = districts;
