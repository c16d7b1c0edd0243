import chainAliases from './industry-chain/industry-chain-aliases.json';
import districts from './kunshan-districts.json';

/** Other names of the industry chains, by chain code (search understands them in a question). */
export const INDUSTRY_CHAIN_ALIASES: Record<string, string[]> = chainAliases;

/** Kunshan's districts and towns (区镇) with the other names people and records use for them. */
export const KUNSHAN_DISTRICTS: Array<{ name: string; aliases: string[] }> = districts;

/**
 * A district's names as a record's 所在区域 may hold them (周市镇, 周市, 昆山市周市镇…): a filter by district
 * matches all of them. A name that is no known district stands for itself.
 */
export function districtNames(name: string): string[] {
  const d = KUNSHAN_DISTRICTS.find((x) => x.name === name || x.aliases.includes(name));
  const names = d ? [d.name, ...d.aliases] : [name];
  return [...new Set([...names, ...names.map((n) => (n.startsWith('昆山') ? n : `昆山市${n}`))])];
}
