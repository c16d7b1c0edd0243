/**
 * Content rules of a demand beyond its DTO, shared by every path that writes one: the API (DemandService) and the
 * import preview, which reports them per row before anything is written.
 */

/** Why a budget range is refused, or null when it is fine (either bound may be absent). */
export function budgetRangeViolation(min: unknown, max: unknown): string | null {
  return typeof min === 'number' && typeof max === 'number' && min > max ? '预算下限不能高于上限' : null;
}
